extension Serde where Value == [UInt8] {
    /// Raw bytes, passed through unchanged.
    ///
    /// A null throws ``SerdeError/Code/nullValue``; use `.optional(.bytes)` to accept one.
    @inlinable
    public static var bytes: Serde<[UInt8]> {
        Serde(
            serialize: { $0 },
            deserialize: { bytes in
                guard let bytes else { throw SerdeError.null(expecting: [UInt8].self) }
                return bytes
            }
        )
    }
}
