extension TopologyTestDriver {
    /// Kafka's murmur2 hash of a key, as the Java client's default partitioner and librdkafka's
    /// `murmur2_random` compute it: the partition is `(hash & 0x7fffffff) % partitionCount`.
    /// - Parameter key: The key's bytes.
    /// - Returns: The 32-bit hash.
    public static func murmur2(_ key: [UInt8]) -> UInt32 {
        let multiplier: UInt32 = 0x5bd1_e995
        let shift: UInt32 = 24
        var hash: UInt32 = 0x9747_b28c ^ UInt32(truncatingIfNeeded: key.count)

        let wholeWords = key.count / 4
        for word in 0..<wholeWords {
            let base = word * 4
            var k =
                UInt32(key[base]) | UInt32(key[base + 1]) << 8 | UInt32(key[base + 2]) << 16
                | UInt32(key[base + 3]) << 24
            k &*= multiplier
            k ^= k >> shift
            k &*= multiplier
            hash &*= multiplier
            hash ^= k
        }

        let tail = wholeWords * 4
        let remaining = key.count - tail
        if remaining >= 3 {
            hash ^= UInt32(key[tail + 2]) << 16
        }
        if remaining >= 2 {
            hash ^= UInt32(key[tail + 1]) << 8
        }
        if remaining >= 1 {
            hash ^= UInt32(key[tail])
            hash &*= multiplier
        }

        hash ^= hash >> 13
        hash &*= multiplier
        hash ^= hash >> 15
        return hash
    }
}
