/// Builds ``InputRecord``s from CSV rows: the value is the row as a JSON object of strings, the key and the
/// timestamp come from fields named by the caller.
///
/// The key is one field, or several joined by `|` (a composite key such as `EWR|2013-01-01T06:00:00Z`).
public struct CSVRecordBuilder: Sendable {
    /// The byte joining the parts of a composite key: `|`.
    public static let keySeparator = UInt8(ascii: "|")

    /// The encoder that writes each row's JSON object.
    public let encoder: CSVObjectEncoder

    /// The fields the key is made of, in order; empty for null keys throughout.
    private let keyIndices: [Int]
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
        try self.init(header: header, keyFields: keyField.map { [$0] } ?? [], timestampField: timestampField)
    }

    /// Looks the named fields up in the header, for a key made of several fields.
    ///
    /// - Parameters:
    ///   - header: The CSV header.
    ///   - keyFields: The fields whose values, joined by `|` in this order, make the record key; empty for null
    ///     keys throughout. One field gives the same keys as ``init(header:keyField:timestampField:)``.
    ///   - timestampField: The field whose value is the record timestamp, or nil to leave timestamps unset.
    /// - Throws: ``InputError`` when a named field is not in the header.
    public init(header: [String], keyFields: [String], timestampField: String?) throws {
        func index(of field: String, role: String) throws -> Int {
            guard let index = header.firstIndex(of: field) else {
                throw InputError.missingField(
                    "the \(role) field '\(field)' is not in the header (\(header.joined(separator: ", ")))"
                )
            }
            return index
        }
        self.encoder = CSVObjectEncoder(header: header)
        self.keyIndices = try keyFields.map { try index(of: $0, role: "key") }
        self.timestampIndex = try timestampField.map { try index(of: $0, role: "timestamp") }
        self.timestampField = timestampField
    }

    /// Builds the record for one row.
    ///
    /// - Parameter row: A row read after the header.
    /// - Returns: The record; an empty or `NA` key field gives a null key, and so does a composite key whose
    ///   fields are all empty or `NA` (one with only some of them so keeps them verbatim, such as `EWR|NA`).
    /// - Throws: ``InputError`` naming the line when the timestamp field cannot be parsed.
    public func record(from row: CSVRow) throws -> InputRecord {
        let key = self.key(of: row)

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

    /// The key of a row: its key fields joined by ``keySeparator``, or nil when there are none or all are null.
    private func key(of row: CSVRow) -> [UInt8]? {
        guard let first = keyIndices.first else { return nil }
        if keyIndices.count == 1 {
            return row.withField(first) { field in
                Self.isNullKey(field) ? nil : Array(field)
            }
        }

        var key: [UInt8] = []
        var allNull = true
        for (position, index) in keyIndices.enumerated() {
            if position > 0 {
                key.append(Self.keySeparator)
            }
            row.withField(index) { field in
                allNull = allNull && Self.isNullKey(field)
                key.append(contentsOf: field)
            }
        }
        return allNull ? nil : key
    }

    /// Whether a key field's bytes stand for a null key: empty, or `NA`.
    static func isNullKey(_ field: UnsafeBufferPointer<UInt8>) -> Bool {
        field.isEmpty || (field.count == 2 && field[0] == UInt8(ascii: "N") && field[1] == UInt8(ascii: "A"))
    }
}
