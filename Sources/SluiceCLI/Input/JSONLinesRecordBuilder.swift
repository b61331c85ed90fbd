import Foundation

/// Builds ``InputRecord``s from JSON lines: the value is the line's bytes as they were, the key and the
/// timestamp come from top-level fields named by the caller.
///
/// A key field that is absent, null, empty or `NA` gives a null key; a number is used as its decimal text.
/// A timestamp field may hold an ISO 8601 string or epoch milliseconds as a number or a string.
///
/// - Important: `JSONSerialization` reads `true` and `false` as the numbers 1 and 0, so a boolean key field
///   gives the key `1` or `0`, and a boolean timestamp 1 or 0 milliseconds.
public struct JSONLinesRecordBuilder: Sendable {
    private let keyField: String?
    private let timestampField: String?

    /// Remembers the fields to read.
    ///
    /// - Parameters:
    ///   - keyField: The field whose value is the record key, or nil for null keys throughout.
    ///   - timestampField: The field whose value is the record timestamp, or nil to leave timestamps unset.
    public init(keyField: String?, timestampField: String?) {
        self.keyField = keyField
        self.timestampField = timestampField
    }

    /// Builds the record for one line.
    ///
    /// - Parameter line: A line from ``JSONLinesReader``.
    /// - Returns: The record.
    /// - Throws: ``InputError`` naming the line when the key is an object or array, or the timestamp is
    ///   missing or cannot be parsed.
    public func record(from line: JSONLine) throws -> InputRecord {
        var key: [UInt8]?
        if let keyField, let value = line.object[keyField] {
            if let text = value as? String {
                key = text.isEmpty || text == "NA" ? nil : Array(text.utf8)
            } else if let number = value as? NSNumber {
                key = Array(number.stringValue.utf8)
            } else if !(value is NSNull) {
                throw InputError.malformedRow(
                    "the key field '\(keyField)' is not a string or number",
                    line: line.lineNumber
                )
            }
        }

        var timestamp: Int64?
        if let timestampField {
            let value = line.object[timestampField]
            if let text = value as? String {
                timestamp = TimestampParser.milliseconds(text)
            } else if let number = value as? NSNumber, number.doubleValue == number.doubleValue.rounded() {
                timestamp = number.int64Value
            }
            guard timestamp != nil else {
                let shown = value.map { "\($0)" } ?? "nothing"
                throw InputError.invalidTimestamp(
                    "the timestamp field '\(timestampField)' holds \(shown), "
                        + "which is neither ISO 8601 (2013-01-01T10:00:00Z) nor epoch milliseconds",
                    line: line.lineNumber
                )
            }
        }

        return InputRecord(key: key, value: line.bytes, timestampMilliseconds: timestamp, lineNumber: line.lineNumber)
    }
}
