/// How window and session stores lay out their keys in a ``ByteStore``, so that the scans they need are ranges.
///
/// Times are stored big-endian with the sign bit flipped, so unsigned byte order is numeric order.
enum StoreKeyEncoding {
    /// A window entry: the window start, then the key. Windows ordered by start make closing a range scan.
    static func window(start: Int64, key: [UInt8]) -> [UInt8] {
        var bytes = time(start)
        bytes.append(contentsOf: key)
        return bytes
    }

    /// The window start and key of a window entry.
    static func decodeWindow(_ bytes: [UInt8]) -> (start: Int64, key: [UInt8]) {
        (decodeTime(bytes, at: 0), Array(bytes[8...]))
    }

    /// The prefix before which every window starting earlier than `start` sorts.
    static func windowBound(start: Int64) -> [UInt8] {
        time(start)
    }

    /// A keyed, timed entry (sessions, join buffers): the key's length and bytes, then two times. Every entry of
    /// one key shares the prefix ``keyPrefix(_:)``.
    static func keyed(_ key: [UInt8], _ first: Int64, _ second: Int64) -> [UInt8] {
        var bytes = keyPrefix(key)
        bytes += time(first)
        bytes += time(second)
        return bytes
    }

    /// The key and the two times of a keyed entry.
    static func decodeKeyed(_ bytes: [UInt8]) -> (key: [UInt8], first: Int64, second: Int64) {
        let length = Int(bytes[0]) << 24 | Int(bytes[1]) << 16 | Int(bytes[2]) << 8 | Int(bytes[3])
        let key = Array(bytes[4..<(4 + length)])
        return (key, decodeTime(bytes, at: 4 + length), decodeTime(bytes, at: 12 + length))
    }

    /// The prefix of every keyed entry of a key.
    static func keyPrefix(_ key: [UInt8]) -> [UInt8] {
        let length = UInt32(key.count)
        var bytes: [UInt8] = [UInt8(length >> 24), UInt8(length >> 16 & 0xff), UInt8(length >> 8 & 0xff)]
        bytes.append(UInt8(length & 0xff))
        bytes.append(contentsOf: key)
        return bytes
    }

    /// The smallest byte string above every string that starts with `prefix`, or `nil` when there is none.
    static func prefixEnd(_ prefix: [UInt8]) -> [UInt8]? {
        var end = prefix
        while let last = end.last {
            if last < 0xff {
                end[end.count - 1] = last + 1
                return end
            }
            end.removeLast()
        }
        return nil
    }

    static func time(_ value: Int64) -> [UInt8] {
        let bits = UInt64(bitPattern: value) ^ (1 << 63)
        return (0..<8).map { UInt8(truncatingIfNeeded: bits >> (56 - 8 * UInt64($0))) }
    }

    static func decodeTime(_ bytes: [UInt8], at offset: Int) -> Int64 {
        var bits: UInt64 = 0
        for index in offset..<(offset + 8) {
            bits = bits << 8 | UInt64(bytes[index])
        }
        return Int64(bitPattern: bits ^ (1 << 63))
    }
}
