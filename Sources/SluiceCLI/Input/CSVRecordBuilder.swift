/// Builds ``InputRecord``s from CSV rows: the value is the row as a JSON object of strings, the key and the
/// timestamp come from fields named by the caller.
public struct CSVRecordBuilder: Sendable {
    /// The encoder that writes each row's JSON object.
    public let encoder: CSVObjectEncoder

    private let keyIndex: Int?
    private let timestampIndex: Int?
    private let timestampField: String?

    /// Looks the named fields up in the header.
    ///
    /// - Parameters:
    ///   - header: The CSV header.
    ///   - keyField: The field whose value is the record key, or nil for null keys throughout.
    ///   - timestampField: The field whose value is the record timestamp, or nil to leave timestamps unset.
    /// - Throws: ``InputError`` when a named field is not in the header.
    public init(header: [String], keyField: String?, timestampField: String?) throws {
        func index(of field: String?, role: String) throws -> Int? {
            guard let field else { return nil }
            guard let index = header.firstIndex(of: field) else {
                throw InputError.missingField(
                    "the \(role) field '\(field)' is not in the header (\(header.joined(separator: ", ")))"
                )
            }
            return index
        }
        self.encoder = CSVObjectEncoder(header: header)
        self.keyIndex = try index(of: keyField, role: "key")
        self.timestampIndex = try index(of: timestampField, role: "timestamp")
        self.timestampField = timestampField
    }

    /// Builds the record for one row.
    ///
    /// - Parameter row: A row read after the header.
    /// - Returns: The record; an empty or `NA` key field gives a null key.
    /// - Throws: ``InputError`` naming the line when the timestamp field cannot be parsed.
    public func record(from row: CSVRow) throws -> InputRecord {
        var key: [UInt8]?
        if let keyIndex {
            key = row.withField(keyIndex) { field in
                Self.isNullKey(field) ? nil : Array(field)
            }
        }

        var timestamp: Int64?
        if let timestampIndex {
            timestamp = row.withField(timestampIndex) { TimestampParser.milliseconds(utf8: $0) }
            if timestamp == nil {
                throw InputError.invalidTimestamp(
                    "the timestamp field '\(timestampField ?? "")' holds '\(row[timestampIndex])', "
                        + "which is neither ISO 8601 (2013-01-01T10:00:00Z) nor epoch milliseconds",
                    line: row.lineNumber
                )
            }
        }

        return InputRecord(
            key: key,
            value: encoder.encode(row),
            timestampMilliseconds: timestamp,
            lineNumber: row.lineNumber
        )
    }

    /// Whether a key field's bytes stand for a null key: empty, or `NA`.
    static func isNullKey(_ field: UnsafeBufferPointer<UInt8>) -> Bool {
        field.isEmpty || (field.count == 2 && field[0] == UInt8(ascii: "N") && field[1] == UInt8(ascii: "A"))
    }
}
