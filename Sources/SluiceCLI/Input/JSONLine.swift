/// One line of a JSON lines file: its bytes as they were, and the object they parse to.
///
/// Not `Sendable`: the parsed object holds Foundation values.
public struct JSONLine {
    /// The 1-based line number in the input.
    public let lineNumber: Int

    /// The line's bytes, without its line break.
    public let bytes: [UInt8]

    /// The parsed object.
    public let object: [String: Any]

    /// Creates a line.
    public init(lineNumber: Int, bytes: [UInt8], object: [String: Any]) {
        self.lineNumber = lineNumber
        self.bytes = bytes
        self.object = object
    }
}
