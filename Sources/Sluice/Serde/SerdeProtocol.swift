/// A custom serde written as a type rather than as a pair of closures.
///
/// Conform a `Sendable` type and turn it into a ``Serde`` with ``Serde/init(_:)`` or ``Serde/custom(_:)``:
///
/// ```swift
/// struct CelsiusSerde: SerdeProtocol {
///     func serialize(_ value: Double) throws -> [UInt8]? { Array(String(value).utf8) }
///     func deserialize(_ bytes: [UInt8]?) throws -> Double { ... }
/// }
/// let temperatures = builder.source("temperatures", key: .string, value: .custom(CelsiusSerde()))
/// ```
public protocol SerdeProtocol: Sendable {
    /// The type of the values this serde reads and writes.
    associatedtype Value

    /// Turns a value into bytes.
    /// - Parameter value: The value to write.
    /// - Returns: The bytes, or `nil` to write a null.
    /// - Throws: Any error; ``SerdeError`` is the conventional one.
    func serialize(_ value: Value) throws -> [UInt8]?

    /// Turns bytes back into a value.
    /// - Parameter bytes: The bytes, or `nil` for a null.
    /// - Returns: The value.
    /// - Throws: Any error; ``SerdeError`` is the conventional one.
    func deserialize(_ bytes: [UInt8]?) throws -> Value
}

extension Serde {
    /// Creates a serde that calls a custom serde type.
    /// - Parameter custom: The custom serde.
    public init<Custom: SerdeProtocol>(_ custom: Custom) where Custom.Value == Value {
        self.init(
            serialize: { try custom.serialize($0) },
            deserialize: { try custom.deserialize($0) }
        )
    }

    /// A serde that calls a custom serde type.
    /// - Parameter custom: The custom serde.
    /// - Returns: A serde for the custom type's values.
    public static func custom<Custom: SerdeProtocol>(_ custom: Custom) -> Serde where Custom.Value == Value {
        Serde(custom)
    }
}
