extension Serde {
    /// Wraps a serde so that a null reads as `nil` and `nil` writes a null.
    ///
    /// Use it for keys that may be missing, such as `.optional(.string)`, and for tombstone values.
    /// - Parameter inner: The serde for present values.
    /// - Returns: A serde for optional values.
    @inlinable
    public static func optional<Wrapped>(_ inner: Serde<Wrapped>) -> Serde<Wrapped?> where Value == Wrapped? {
        Serde<Wrapped?>(
            serialize: { value in
                guard let value else { return nil }
                return try inner.serialize(value)
            },
            deserialize: { bytes in
                guard bytes != nil else { return nil }
                return try inner.deserialize(bytes)
            }
        )
    }
}
