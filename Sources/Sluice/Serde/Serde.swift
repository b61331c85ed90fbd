/// Turns values into the bytes of a Kafka key or value and back.
///
/// A serde is a pair of closures, so built-in and custom serdes cost one indirect call per record. A `nil` byte
/// array is Kafka's null (a missing key, or a tombstone value), distinct from an empty array. Serdes for
/// non-optional values throw a ``SerdeError`` when they meet a null; wrap them in ``optional(_:)`` to accept one.
///
/// ```swift
/// let flights = builder.source("flights", key: .optional(.string), value: .json(Flight.self))
/// ```
public struct Serde<Value>: Sendable {
    /// Turns a value into bytes; `nil` writes a null.
    public let serialize: @Sendable (Value) throws -> [UInt8]?

    /// Turns bytes, or a null, back into a value.
    public let deserialize: @Sendable ([UInt8]?) throws -> Value

    /// Creates a serde from its two directions.
    /// - Parameters:
    ///   - serialize: Turns a value into bytes; returning `nil` writes a null.
    ///   - deserialize: Turns bytes, or `nil` for a null, back into a value.
    @inlinable
    public init(
        serialize: @escaping @Sendable (Value) throws -> [UInt8]?,
        deserialize: @escaping @Sendable ([UInt8]?) throws -> Value
    ) {
        self.serialize = serialize
        self.deserialize = deserialize
    }
}
