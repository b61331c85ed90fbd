/// An error reading an input file: opening or decompressing it, or parsing its rows.
///
/// Errors compare equal when their codes are equal, so tests can match on the kind of failure without
/// spelling out the message. ``description`` is one line meant for an operator, naming the file and the
/// line where that helps.
public struct InputError: Error, Sendable, Equatable, CustomStringConvertible {
    private enum Code: Sendable, Equatable {
        case cannotOpen
        case readFailed
        case unsupportedArchive
        case corruptData
        case malformedRow
        case missingField
        case invalidTimestamp
    }

    private let code: Code

    /// What went wrong, in one line, without the `error:` prefix.
    public let message: String

    /// The 1-based line of the input the error is about, when it is about one line.
    public let line: Int?

    /// The file the error was raised from, for debugging.
    public let file: String

    /// The line in `file` the error was raised from, for debugging.
    public let sourceLine: UInt

    private init(_ code: Code, _ message: String, line: Int?, file: String, sourceLine: UInt) {
        self.code = code
        self.message = message
        self.line = line
        self.file = file
        self.sourceLine = sourceLine
    }

    /// The message, prefixed with the input line when there is one.
    public var description: String {
        if let line {
            return "line \(line): \(message)"
        }
        return message
    }

    /// Two errors are equal when they are of the same kind.
    public static func == (lhs: InputError, rhs: InputError) -> Bool {
        lhs.code == rhs.code
    }

    /// The file could not be opened.
    public static func cannotOpen(
        _ message: String,
        file: String = #fileID,
        sourceLine: UInt = #line
    ) -> InputError {
        InputError(.cannotOpen, message, line: nil, file: file, sourceLine: sourceLine)
    }

    /// Reading the file failed after it was opened.
    public static func readFailed(
        _ message: String,
        file: String = #fileID,
        sourceLine: UInt = #line
    ) -> InputError {
        InputError(.readFailed, message, line: nil, file: file, sourceLine: sourceLine)
    }

    /// The archive uses a feature this reader does not support (zip64, encryption, an unknown method).
    public static func unsupportedArchive(
        _ message: String,
        file: String = #fileID,
        sourceLine: UInt = #line
    ) -> InputError {
        InputError(.unsupportedArchive, message, line: nil, file: file, sourceLine: sourceLine)
    }

    /// The compressed data or the archive structure is damaged.
    public static func corruptData(
        _ message: String,
        file: String = #fileID,
        sourceLine: UInt = #line
    ) -> InputError {
        InputError(.corruptData, message, line: nil, file: file, sourceLine: sourceLine)
    }

    /// A CSV row or JSON line could not be parsed.
    public static func malformedRow(
        _ message: String,
        line: Int,
        file: String = #fileID,
        sourceLine: UInt = #line
    ) -> InputError {
        InputError(.malformedRow, message, line: line, file: file, sourceLine: sourceLine)
    }

    /// A field named on the command line is not in the header.
    public static func missingField(
        _ message: String,
        file: String = #fileID,
        sourceLine: UInt = #line
    ) -> InputError {
        InputError(.missingField, message, line: nil, file: file, sourceLine: sourceLine)
    }

    /// A timestamp field holds neither ISO 8601 UTC nor epoch milliseconds.
    public static func invalidTimestamp(
        _ message: String,
        line: Int,
        file: String = #fileID,
        sourceLine: UInt = #line
    ) -> InputError {
        InputError(.invalidTimestamp, message, line: line, file: file, sourceLine: sourceLine)
    }
}
