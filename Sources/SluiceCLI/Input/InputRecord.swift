/// One record read from an input file, ready to send: key, value and timestamp as bytes and milliseconds.
public struct InputRecord: Sendable, Hashable {
    /// The key's UTF-8 bytes, or nil for a null key (no key field, or an empty or `NA` value).
    public var key: [UInt8]?

    /// The value: a JSON object of the CSV row's cells as strings, or the JSON line's bytes as they were.
    public var value: [UInt8]

    /// The record timestamp in milliseconds since the epoch, or nil when no timestamp field was named.
    public var timestampMilliseconds: Int64?

    /// The 1-based line of the input the record started on.
    public var lineNumber: Int

    /// Creates a record.
    public init(key: [UInt8]?, value: [UInt8], timestampMilliseconds: Int64?, lineNumber: Int) {
        self.key = key
        self.value = value
        self.timestampMilliseconds = timestampMilliseconds
        self.lineNumber = lineNumber
    }
}
