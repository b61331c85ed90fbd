// A libFuzzer target for the broker's request decoding. SwiftPM does not build this folder; the script
// `Tests/Fuzz/run-frame-fuzzer.sh` compiles it together with every source of Sources/SluiceBroker (so it
// sees their internal declarations) using `swiftc -sanitize=fuzzer,address`.
//
// Each input is one request frame without its length prefix. It is split and decoded the way a connection
// does it, then answered by a fresh in-memory broker state whose waits end at once (`stopping`), so Fetch,
// JoinGroup and SyncGroup return instead of holding the request. The input is also appended as record
// batches, and read as a metadata journal entry.

/// Decodes and answers one fuzzer input.
@_cdecl("LLVMFuzzerTestOneInput")
public func frameDecoderFuzzTarget(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))

    var prefix = ByteWriter()
    prefix.int32(Int32(truncatingIfNeeded: bytes.count))
    _ = FrameCodec.frameLength(prefix: prefix.bytes)
    _ = FrameCodec.frameLength(prefix: Array(bytes.prefix(4)))

    var configuration = BrokerConfiguration()
    configuration.port = 0
    let state = BrokerState(configuration: configuration)
    state.withLock {
        state.stopping = true
        _ = state.createTopicLocked("fuzz", partitions: 2)
    }
    if let decoded = try? FrameCodec.decodeHeader(bytes), case .request(let header, var reader) = decoded {
        if let body = try? state.respond(to: header, reader: &reader) {
            _ = FrameCodec.encodeResponse(header: header, body: body)
        }
    }

    state.withLock {
        _ = state.partitionLog(PartitionKey(topic: "fuzz", partition: 0))?.append(records: bytes) { _ in nil }
    }
    _ = StoredBatch.validated(bytes, at: 0)
    _ = PartitionLog.markerIsCommit(bytes)
    _ = try? JournalEntry(decoding: bytes)
    return 0
}
