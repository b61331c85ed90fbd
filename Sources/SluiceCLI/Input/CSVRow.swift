/// One record of a CSV file: its fields, unquoted, and the line it started on.
///
/// The fields are kept as one contiguous run of UTF-8 bytes, one separator byte between fields, with their end
/// offsets, so reading a large file costs two allocations per row rather than one per field, and a row without
/// quotes is its line's bytes as they were. The row is a collection of its fields as strings;
/// ``withField(_:_:)`` reads a field's bytes without making a string.
public struct CSVRow: Sendable, Hashable, RandomAccessCollection {
    /// The 1-based line of the input the record started on (the header is line 1).
    public let lineNumber: Int

    /// The unquoted contents of every field, one after another with one separator byte between them.
    public let fieldBytes: [UInt8]

    /// The offset in ``fieldBytes`` just past each field; the next field starts one byte later.
    public let fieldEnds: [Int]

    /// Makes a row from fields already split and unquoted.
    ///
    /// - Parameters:
    ///   - fields: The field values.
    ///   - lineNumber: The line the record started on.
    public init(_ fields: [String], lineNumber: Int) {
        var bytes: [UInt8] = []
        var ends: [Int] = []
        ends.reserveCapacity(fields.count)
        for field in fields {
            if !ends.isEmpty {
                bytes.append(UInt8(ascii: ","))
            }
            bytes.append(contentsOf: field.utf8)
            ends.append(bytes.count)
        }
        self.init(fieldBytes: bytes, fieldEnds: ends, lineNumber: lineNumber)
    }

    init(fieldBytes: [UInt8], fieldEnds: [Int], lineNumber: Int) {
        self.fieldBytes = fieldBytes
        self.fieldEnds = fieldEnds
        self.lineNumber = lineNumber
    }

    /// The index of the first field, 0.
    public var startIndex: Int { 0 }

    /// The number of fields.
    public var endIndex: Int { fieldEnds.count }

    /// The field at `index` as a string.
    public subscript(index: Int) -> String {
        let start = index == 0 ? 0 : fieldEnds[index - 1] + 1
        return String(decoding: fieldBytes[start..<fieldEnds[index]], as: UTF8.self)
    }

    /// The fields as an array of strings.
    public var fields: [String] { Array(self) }

    /// Calls `body` with the UTF-8 bytes of the field at `index`.
    ///
    /// - Parameters:
    ///   - index: The field's position in the row.
    ///   - body: Reads the bytes; the buffer is valid only during the call.
    /// - Returns: What `body` returns.
    public func withField<Result>(
        _ index: Int,
        _ body: (UnsafeBufferPointer<UInt8>) throws -> Result
    ) rethrows -> Result {
        let start = index == 0 ? 0 : fieldEnds[index - 1] + 1
        let end = fieldEnds[index]
        return try fieldBytes.withUnsafeBufferPointer { buffer in
            try body(UnsafeBufferPointer(rebasing: buffer[start..<end]))
        }
    }
}
