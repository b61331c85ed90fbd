/// One header of a Kafka record: a string key and optional bytes.
///
/// Kafka allows repeated keys and a null value, so headers are kept as an ordered array, never a dictionary.
public struct KafkaHeader: Sendable, Hashable {
    /// The header's key.
    public var key: String
    /// The header's value; `nil` is a null value, distinct from empty bytes.
    public var value: [UInt8]?

    /// Creates a header.
    /// - Parameters:
    ///   - key: The header's key.
    ///   - value: The header's bytes, or `nil` for a null value.
    public init(key: String, value: [UInt8]?) {
        self.key = key
        self.value = value
    }

    /// Creates a header whose value is the UTF-8 bytes of a string.
    /// - Parameters:
    ///   - key: The header's key.
    ///   - string: The value, stored as UTF-8.
    public init(key: String, string: String) {
        self.key = key
        self.value = Array(string.utf8)
    }

    /// The value decoded as UTF-8, or `nil` when the value is null or not valid UTF-8.
    public var stringValue: String? {
        value.flatMap { String(validating: $0, as: UTF8.self) }
    }
}
