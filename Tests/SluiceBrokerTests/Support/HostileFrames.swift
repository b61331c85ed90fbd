@testable import SluiceBroker

/// Valid request frames of many APIs and ways to spoil them, for the hostile-input test.
enum HostileFrames {
    /// A request frame (length prefix included) with the given header and body.
    static func frame(key: Int16, version: Int16, flexible: Bool = false, body: (inout ByteWriter) -> Void) -> [UInt8] {
        var writer = ByteWriter()
        writer.int16(key)
        writer.int16(version)
        writer.int32(7)
        writer.nullableString("hostile")
        writer.tags(flexible: flexible)
        body(&writer)
        var framed = ByteWriter()
        framed.int32(Int32(writer.bytes.count))
        framed.raw(writer.bytes)
        return framed.bytes
    }

    /// Well-formed requests of most APIs, aimed at the topic `topic` and group `group`.
    static func valid(topic: String, group: String) -> [[UInt8]] {
        let batch = TestBatch.make(values: ["hostile-a", "hostile-b"])
        return [
            frame(key: 18, version: 3, flexible: true) { writer in
                writer.string("client", flexible: true)
                writer.string("1.0", flexible: true)
                writer.tags(flexible: true)
            },
            frame(key: 3, version: 4) { writer in
                writer.arrayCount(1)
                writer.string(topic)
                writer.bool(true)
            },
            frame(key: 0, version: 7) { writer in
                writer.nullableString(nil)
                writer.int16(-1)
                writer.int32(1000)
                writer.arrayCount(1)
                writer.string(topic)
                writer.arrayCount(1)
                writer.int32(0)
                writer.bytesField(batch)
            },
            frame(key: 1, version: 11) { writer in
                writer.int32(-1)
                writer.int32(0)
                writer.int32(1)
                writer.int32(1 << 20)
                writer.int8(1)
                writer.int32(0)
                writer.int32(-1)
                writer.arrayCount(1)
                writer.string(topic)
                writer.arrayCount(1)
                writer.int32(0)
                writer.int32(-1)
                writer.int64(0)
                writer.int64(-1)
                writer.int32(1 << 20)
                writer.arrayCount(0)
                writer.nullableString(nil)
            },
            frame(key: 2, version: 2) { writer in
                writer.int32(-1)
                writer.int8(0)
                writer.arrayCount(1)
                writer.string(topic)
                writer.arrayCount(1)
                writer.int32(0)
                writer.int64(-1)
            },
            frame(key: 8, version: 7) { writer in
                writer.string(group)
                writer.int32(-1)
                writer.string("")
                writer.nullableString(nil)
                writer.arrayCount(1)
                writer.string(topic)
                writer.arrayCount(1)
                writer.int32(0)
                writer.int64(1)
                writer.int32(-1)
                writer.nullableString(nil)
            },
            frame(key: 9, version: 7, flexible: true) { writer in
                writer.string(group, flexible: true)
                writer.arrayCount(nil, flexible: true)
                writer.bool(true)
                writer.tags(flexible: true)
            },
            frame(key: 10, version: 2) { writer in
                writer.string(group)
                writer.int8(0)
            },
            frame(key: 11, version: 5) { writer in
                writer.string(group)
                writer.int32(6000)
                writer.int32(100)
                writer.string("")
                writer.nullableString(nil)
                writer.string("consumer")
                writer.arrayCount(1)
                writer.string("range")
                writer.bytesField([0, 1, 0, 0, 0, 0])
            },
            frame(key: 22, version: 4, flexible: true) { writer in
                writer.nullableString("hostile-tx", flexible: true)
                writer.int32(60_000)
                writer.int64(-1)
                writer.int16(-1)
                writer.tags(flexible: true)
            },
            frame(key: 24, version: 0) { writer in
                writer.string("hostile-tx")
                writer.int64(1000)
                writer.int16(0)
                writer.arrayCount(1)
                writer.string(topic)
                writer.arrayCount(1)
                writer.int32(0)
            },
            frame(key: 19, version: 4) { writer in
                writer.arrayCount(1)
                writer.string(topic + "-created")
                writer.int32(2)
                writer.int16(1)
                writer.arrayCount(0)
                writer.arrayCount(1)
                writer.string("cleanup.policy")
                writer.nullableString("compact")
                writer.int32(1000)
                writer.bool(false)
            },
            frame(key: 32, version: 1) { writer in
                writer.arrayCount(1)
                writer.int8(2)
                writer.string(topic)
                writer.arrayCount(nil)
                writer.bool(false)
            },
            frame(key: 16, version: 2) { _ in },
        ]
    }

    /// A spoiled copy of `frame`: bits flipped, bytes overwritten with extreme values, cut short, extended,
    /// or its length prefix, API key or version replaced.
    static func mutate(_ frame: [UInt8], using random: inout SeededGenerator) -> [UInt8] {
        var bytes = frame
        switch Int.random(in: 0..<8, using: &random) {
        case 0:
            for _ in 0..<Int.random(in: 1...8, using: &random) {
                let index = Int.random(in: 4..<bytes.count, using: &random)
                bytes[index] ^= UInt8(1) << UInt8.random(in: 0..<8, using: &random)
            }
        case 1:
            let extremes: [UInt8] = [0x00, 0xFF, 0x7F, 0x80]
            for _ in 0..<Int.random(in: 1...4, using: &random) {
                let index = Int.random(in: 4..<bytes.count, using: &random)
                bytes[index] = extremes.randomElement(using: &random)!
            }
        case 2:
            bytes = Array(bytes.prefix(Int.random(in: 4..<bytes.count, using: &random)))
            rewriteLength(&bytes)
        case 3:
            bytes += (0..<Int.random(in: 1...64, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) }
            rewriteLength(&bytes)
        case 4:
            let lengths: [Int32] = [0, -1, Int32.min, Int32.max, 1, 3, Int32(bytes.count + 100), 200 * 1024 * 1024]
            let length = lengths.randomElement(using: &random)!
            for index in 0..<4 { bytes[index] = UInt8(truncatingIfNeeded: length >> (24 - index * 8)) }
        case 5:
            let key = Int16.random(in: -5...80, using: &random)
            bytes[4] = UInt8(truncatingIfNeeded: key >> 8)
            bytes[5] = UInt8(truncatingIfNeeded: key)
        case 6:
            let version = [Int16(-1), 0, 1, 5, 12, 100, Int16.max].randomElement(using: &random)!
            bytes[6] = UInt8(truncatingIfNeeded: version >> 8)
            bytes[7] = UInt8(truncatingIfNeeded: version)
        default:
            let start = Int.random(in: 12..<max(13, bytes.count), using: &random)
            for index in start..<bytes.count { bytes[index] = UInt8.random(in: 0...255, using: &random) }
        }
        return bytes
    }

    /// Pure garbage with a plausible length prefix.
    static func garbage(using random: inout SeededGenerator) -> [UInt8] {
        let body = (0..<Int.random(in: 0...300, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) }
        var writer = ByteWriter()
        writer.int32(Int32(body.count))
        writer.raw(body)
        return writer.bytes
    }

    private static func rewriteLength(_ bytes: inout [UInt8]) {
        let length = Int32(bytes.count - 4)
        for index in 0..<4 { bytes[index] = UInt8(truncatingIfNeeded: length >> (24 - index * 8)) }
    }
}
