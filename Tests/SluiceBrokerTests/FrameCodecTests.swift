import Testing

@testable import SluiceBroker

/// The frame codec, the field encodings and CRC-32C, without a socket.
@Suite("Frame codec and CRC-32C")
struct FrameCodecTests {
    @Test("CRC-32C check value: \"123456789\" gives 0xE3069283")
    func crcCheckValue() {
        let bytes = Array("123456789".utf8)
        #expect(CRC32C.checksum(bytes) == 0xE306_9283)
        #expect(CRC32C.checksum(bytes, range: 0..<bytes.count) == 0xE306_9283)
        #expect(CRC32C.checksum([UInt8]()) == 0)
    }

    @Test("frame lengths outside 1...100 MiB are refused")
    func frameLengths() {
        #expect(FrameCodec.frameLength(prefix: [0, 0, 0, 10]) == 10)
        #expect(FrameCodec.frameLength(prefix: [0, 0, 0, 0]) == nil)
        #expect(FrameCodec.frameLength(prefix: [0xFF, 0xFF, 0xFF, 0xFF]) == nil)
        #expect(FrameCodec.frameLength(prefix: [0x06, 0x40, 0x00, 0x01]) == nil)
        #expect(FrameCodec.frameLength(prefix: [0x06, 0x40, 0x00, 0x00]) == 100 * 1024 * 1024)
    }

    @Test("request headers: v1 for classic versions, v2 (with tags) for flexible ones; unknown keys reported")
    func requestHeaders() throws {
        var writer = ByteWriter()
        writer.int16(9)
        writer.int16(6)
        writer.int32(42)
        writer.nullableString("client")
        writer.tags(flexible: true)
        writer.int8(7)
        guard case .request(let header, var reader) = try FrameCodec.decodeHeader(writer.bytes) else {
            Issue.record("not decoded as a request")
            return
        }
        #expect(header.apiKey == .offsetFetch && header.apiVersion == 6 && header.correlationID == 42)
        #expect(header.clientID == "client" && header.isFlexible)
        #expect(try reader.int8() == 7)

        writer = ByteWriter()
        writer.int16(77)
        writer.int16(0)
        writer.int32(5)
        guard case .unknownKey(77, correlationID: 5) = try FrameCodec.decodeHeader(writer.bytes) else {
            Issue.record("unknown key not reported")
            return
        }
        #expect(throws: WireError.truncated) { try FrameCodec.decodeHeader([0, 3]) }
    }

    @Test("responses: ApiVersions always uses header v0, other flexible responses header v1")
    func responseHeaders() {
        let apiVersions = RequestHeader(apiKey: .apiVersions, apiVersion: 3, correlationID: 1, clientID: nil)
        #expect(FrameCodec.encodeResponse(header: apiVersions, body: [9]) == [0, 0, 0, 5, 0, 0, 0, 1, 9])
        let offsetFetch = RequestHeader(apiKey: .offsetFetch, apiVersion: 6, correlationID: 2, clientID: nil)
        #expect(FrameCodec.encodeResponse(header: offsetFetch, body: [9]) == [0, 0, 0, 6, 0, 0, 0, 2, 0, 9])
        let metadata = RequestHeader(apiKey: .metadata, apiVersion: 4, correlationID: 3, clientID: nil)
        #expect(FrameCodec.encodeResponse(header: metadata, body: [9]) == [0, 0, 0, 5, 0, 0, 0, 3, 9])
    }

    @Test("varints, compact strings and nullable fields round-trip")
    func fieldRoundTrip() throws {
        let values: [Int64] = [0, -1, 1, 63, -64, 64, 300, -300, Int64(Int32.max), .max, .min]
        var writer = ByteWriter()
        for value in values { writer.varint(value) }
        writer.string("compact", flexible: true)
        writer.nullableString(nil, flexible: true)
        writer.nullableString(nil)
        writer.nullableBytes(nil)
        writer.bytesField([1, 2], flexible: true)
        writer.tags(flexible: true)
        var reader = ByteReader(writer.bytes)
        for value in values { #expect(try reader.varint() == value) }
        #expect(try reader.string(flexible: true) == "compact")
        #expect(try reader.nullableString(flexible: true) == nil)
        #expect(try reader.nullableString() == nil)
        #expect(try reader.nullableBytes() == nil)
        #expect(try reader.bytesField(flexible: true) == [1, 2])
        try reader.tags(flexible: true)
        #expect(reader.remaining == 0)
    }

    @Test("a transaction marker is a valid control batch with a correct CRC")
    func controlBatch() throws {
        let bytes = ControlBatch.marker(commit: true, producerID: 1234, producerEpoch: 3, timestamp: 99)
        let header = try RecordBatchHeader(bytes, at: 0)
        #expect(header.totalSize == bytes.count)
        #expect(header.magic == 2 && header.attributes == 0x30 && header.isControl && header.isTransactional)
        #expect(header.producerID == 1234 && header.producerEpoch == 3 && header.recordCount == 1)
        #expect(header.lastOffsetDelta == 0 && header.baseSequence == -1)
        #expect(CRC32C.checksum(bytes, range: 21..<bytes.count) == header.crc)
        // Record: length, attributes, timestamp delta, offset delta, key length 4, key = version 0 + type 1 (COMMIT).
        #expect(Array(bytes[61...]).prefix(9) == [Array(bytes[61...]).first!, 0, 0, 0, 8, 0, 0, 0, 1])
        let abort = ControlBatch.marker(commit: false, producerID: 1, producerEpoch: 0, timestamp: 0)
        #expect(abort[69] == 0)
    }
}
