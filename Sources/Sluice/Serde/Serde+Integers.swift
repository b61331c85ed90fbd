extension Serde where Value == Int32 {
    /// A 32-bit integer as 4 big-endian bytes, compatible with Kafka's Java `IntegerSerializer`.
    ///
    /// Any other length throws ``SerdeError/Code/wrongLength``; a null throws ``SerdeError/Code/nullValue``.
    @inlinable
    public static var int32: Serde<Int32> {
        Serde(
            serialize: { value in
                let bits = UInt32(bitPattern: value)
                return [
                    UInt8(truncatingIfNeeded: bits >> 24), UInt8(truncatingIfNeeded: bits >> 16),
                    UInt8(truncatingIfNeeded: bits >> 8), UInt8(truncatingIfNeeded: bits),
                ]
            },
            deserialize: { bytes in
                guard let bytes else { throw SerdeError.null(expecting: Int32.self) }
                guard bytes.count == 4 else {
                    throw SerdeError(.wrongLength, "expected 4 bytes for Int32, got \(bytes.count)")
                }
                var bits: UInt32 = 0
                for byte in bytes {
                    bits = bits << 8 | UInt32(byte)
                }
                return Int32(bitPattern: bits)
            }
        )
    }
}

extension Serde where Value == Int64 {
    /// A 64-bit integer as 8 big-endian bytes, compatible with Kafka's Java `LongSerializer`.
    ///
    /// Any other length throws ``SerdeError/Code/wrongLength``; a null throws ``SerdeError/Code/nullValue``.
    @inlinable
    public static var int64: Serde<Int64> {
        Serde(
            serialize: { value in
                let bits = UInt64(bitPattern: value)
                return (0..<8).map { UInt8(truncatingIfNeeded: bits >> (56 - 8 * UInt64($0))) }
            },
            deserialize: { bytes in
                guard let bytes else { throw SerdeError.null(expecting: Int64.self) }
                guard bytes.count == 8 else {
                    throw SerdeError(.wrongLength, "expected 8 bytes for Int64, got \(bytes.count)")
                }
                var bits: UInt64 = 0
                for byte in bytes {
                    bits = bits << 8 | UInt64(byte)
                }
                return Int64(bitPattern: bits)
            }
        )
    }
}
