import Foundation
import Testing

@testable import SluiceBroker

/// Exact answers and error codes, checked with a raw protocol client.
@Suite("Wire protocol", .serialized)
struct ProtocolTests {
    @Test("ApiVersions v3 answers with header v0, every key from version 0, and one-byte tag sections")
    func apiVersionsV3() throws {
        try TestBroker.with { broker in
            let client = try RawClient(port: broker.port)
            var reader = try client.request(18, version: 3, flexible: true) { writer in
                writer.string("raw", flexible: true)
                writer.string("1.0", flexible: true)
                writer.tags(flexible: true)
            }
            #expect(try reader.int16() == 0)
            let count = try reader.arrayCount(flexible: true)
            #expect(count == APIKey.allCases.count)
            var ranges: [Int16: ClosedRange<Int16>] = [:]
            for _ in 0..<count {
                let key = try reader.int16()
                ranges[key] = try reader.int16()...reader.int16()
                #expect(try reader.int8() == 0)
            }
            #expect(try reader.int32() == 0)
            #expect(try reader.int8() == 0)
            #expect(reader.remaining == 0)
            #expect(ranges[0] == 0...7)
            #expect(ranges[1] == 0...11)
            #expect(ranges[9] == 0...7)
            #expect(ranges[22] == 0...4)
            #expect(ranges[28] == 0...3)
            #expect(ranges.values.allSatisfy { $0.lowerBound == 0 })
        }
    }

    @Test("ApiVersions above v3 gets UNSUPPORTED_VERSION with a v0 body")
    func apiVersionsTooNew() throws {
        try TestBroker.with { broker in
            let client = try RawClient(port: broker.port)
            var reader = try client.request(18, version: 4, flexible: true) { writer in
                writer.string("raw", flexible: true)
                writer.string("1.0", flexible: true)
                writer.tags(flexible: true)
            }
            #expect(try reader.int16() == 35)
            let entries = try reader.array { reader in (try reader.int16(), try reader.int16(), try reader.int16()) }
            #expect(entries.contains { $0.0 == 18 && $0.2 == 3 })
            #expect(reader.remaining == 0)
        }
    }

    @Test("idempotent producer: a duplicate is acknowledged without a second append, a gap is rejected")
    func idempotentSequences() throws {
        try TestBroker.with { broker in
            try broker.createTopic("sequences", partitions: 1)
            let client = try RawClient(port: broker.port)
            let producer = try client.initProducerID(nil)
            #expect(producer.error == 0)

            func batch(_ sequence: Int32) -> [UInt8] {
                TestBatch.make(
                    values: ["a", "b"],
                    producerID: producer.producerID,
                    producerEpoch: producer.epoch,
                    baseSequence: sequence
                )
            }
            #expect(try client.produce("sequences", batch: batch(0)) == (0, 0))
            #expect(try client.produce("sequences", batch: batch(0)) == (0, 0))
            #expect(try client.listOffset("sequences", timestamp: -1) == 2)
            #expect(try client.produce("sequences", batch: batch(5)).error == 45)
            #expect(try client.produce("sequences", batch: batch(2)) == (0, 2))
            #expect(try client.listOffset("sequences", timestamp: -1) == 4)

            var corrupted = batch(4)
            corrupted[corrupted.count - 1] ^= 0xFF
            #expect(try client.produce("sequences", batch: corrupted).error == 2)
            #expect(try client.produce("missing-topic", batch: batch(4)).error == 3)
        }
    }

    @Test("OffsetFetch v7 with require-stable answers UNSTABLE_OFFSET_COMMIT while a transaction holds offsets")
    func requireStable() throws {
        try TestBroker.with { broker in
            try broker.createTopic("stable", partitions: 1)
            let client = try RawClient(port: broker.port)
            let producer = try client.initProducerID("stable-txn")
            #expect(producer.error == 0)
            let (id, epoch) = (producer.producerID, producer.epoch)
            #expect(try client.addOffsets("stable-txn", producerID: id, epoch: epoch, group: "g") == 0)
            let committed = try client.txnOffsetCommit(
                "stable-txn",
                producerID: id,
                epoch: epoch,
                group: "g",
                topic: "stable",
                offset: 7
            )
            #expect(committed == 0)
            #expect(try client.offsetFetch(group: "g", topic: "stable", requireStable: true) == (-1, 88))
            #expect(try client.offsetFetch(group: "g", topic: "stable", requireStable: false) == (-1, 0))
            #expect(try client.endTxn("stable-txn", producerID: id, epoch: epoch, commit: true) == 0)
            #expect(try client.offsetFetch(group: "g", topic: "stable", requireStable: true) == (7, 0))
            #expect(try client.endTxn("stable-txn", producerID: id, epoch: epoch, commit: true) == 0)
            #expect(try client.endTxn("stable-txn", producerID: id, epoch: epoch, commit: false) == 48)
        }
    }

    @Test("InitProducerId bumps the epoch; a stale pair is fenced with 90 (v4) or 47 (v3 and other requests)")
    func epochFencing() throws {
        try TestBroker.with { broker in
            try broker.createTopic("fenced", partitions: 1)
            let client = try RawClient(port: broker.port)
            let first = try client.initProducerID("fence")
            #expect(first.error == 0 && first.epoch == 0)
            #expect(try client.addPartition("fence", producerID: first.producerID, epoch: 0, topic: "fenced") == 0)
            let transactional = TestBatch.make(
                values: ["open"],
                producerID: first.producerID,
                producerEpoch: 0,
                baseSequence: 0,
                transactional: true
            )
            #expect(try client.produce("fenced", batch: transactional, transactionalID: "fence").error == 0)
            #expect(try client.listOffset("fenced", timestamp: -1, readCommitted: true) == 0)

            let second = try client.initProducerID("fence")
            #expect(second.producerID == first.producerID && second.epoch == 1)
            // The open transaction was aborted: marker at offset 1, nothing pending.
            #expect(try client.listOffset("fenced", timestamp: -1, readCommitted: true) == 2)
            #expect(
                try client.initProducerID("fence", version: 4, producerID: first.producerID, producerEpoch: 0).error
                    == 90
            )
            #expect(
                try client.initProducerID("fence", version: 3, producerID: first.producerID, producerEpoch: 0).error
                    == 47
            )
            #expect(try client.addPartition("fence", producerID: first.producerID, epoch: 0, topic: "fenced") == 47)
            let zombie = TestBatch.make(
                values: ["zombie"],
                producerID: first.producerID,
                producerEpoch: 0,
                baseSequence: 1,
                transactional: true
            )
            #expect(try client.produce("fenced", batch: zombie, transactionalID: "fence").error == 47)

            let bumped = try client.initProducerID("fence", version: 4, producerID: second.producerID, producerEpoch: 1)
            #expect(bumped.error == 0 && bumped.epoch == 2)
        }
    }

    @Test("versions without a v2-batch answer get UNSUPPORTED_VERSION; garbage and unknown keys close the connection")
    func unsupportedAndGarbage() throws {
        try TestBroker.with { broker in
            try broker.createTopic("old", partitions: 1)
            let client = try RawClient(port: broker.port)
            var fetch = try client.request(1, version: 3) { writer in
                writer.int32(-1)
                writer.int32(0)
                writer.int32(1)
                writer.int32(1000)
                writer.arrayCount(1)
                writer.string("old")
                writer.arrayCount(1)
                writer.int32(0)
                writer.int64(0)
                writer.int32(1000)
            }
            _ = try fetch.int32()
            _ = try fetch.arrayCount()
            _ = try fetch.string()
            _ = try fetch.arrayCount()
            _ = try fetch.int32()
            #expect(try fetch.int16() == 35)

            var produce = try client.request(0, version: 2) { writer in
                writer.int16(1)
                writer.int32(1000)
                writer.arrayCount(1)
                writer.string("old")
                writer.arrayCount(1)
                writer.int32(0)
                writer.bytesField(TestBatch.make(values: ["legacy"]))
            }
            _ = try produce.arrayCount()
            _ = try produce.string()
            _ = try produce.arrayCount()
            _ = try produce.int32()
            #expect(try produce.int16() == 35)
            _ = try produce.int64()
            _ = try produce.int64()
            _ = try produce.int32()
            #expect(produce.remaining == 0)
            #expect(broker.highWatermark(topic: "old", partition: 0) == 0)

            let oversized = try RawClient(port: broker.port)
            try oversized.send([0x7F, 0xFF, 0xFF, 0xFF, 0, 1])
            #expect(oversized.isClosedByPeer())

            let unknown = try RawClient(port: broker.port)
            var writer = ByteWriter()
            writer.int16(99)
            writer.int16(0)
            writer.int32(1)
            writer.nullableString(nil)
            try unknown.send(unknown.framed(writer.bytes))
            #expect(unknown.isClosedByPeer())

            let truncated = try RawClient(port: broker.port)
            writer = ByteWriter()
            writer.int16(3)
            writer.int16(1)
            writer.int32(1)
            writer.nullableString(nil)
            writer.int32(5)
            try truncated.send(truncated.framed(writer.bytes))
            #expect(truncated.isClosedByPeer())

            let tooNew = try RawClient(port: broker.port)
            writer = ByteWriter()
            writer.int16(3)
            writer.int16(12)
            writer.int32(1)
            writer.nullableString(nil)
            try tooNew.send(tooNew.framed(writer.bytes))
            #expect(tooNew.isClosedByPeer())
        }
    }

    @Test("Fetch waits up to max wait for data and wakes as soon as a produce arrives")
    func fetchWaits() throws {
        try TestBroker.with { broker in
            try broker.createTopic("waiting", partitions: 1)
            let client = try RawClient(port: broker.port)
            let clock = ContinuousClock()

            let emptyWait = try clock.measure {
                let empty = try client.fetch("waiting", offset: 0, maxWaitMilliseconds: 300)
                #expect(empty.error == 0 && empty.records.isEmpty)
            }
            #expect(emptyWait >= .milliseconds(250))

            let port = broker.port
            let producerThread = Thread {
                Thread.sleep(forTimeInterval: 0.2)
                let producer = try? RawClient(port: port)
                _ = try? producer?.produce("waiting", batch: TestBatch.make(values: ["late"]))
            }
            producerThread.start()
            var result: (error: Int16, highWatermark: Int64, records: [UInt8]) = (0, 0, [])
            let wokenAfter = try clock.measure {
                result = try client.fetch("waiting", offset: 0, maxWaitMilliseconds: 10_000)
            }
            #expect(result.highWatermark == 1)
            #expect(!result.records.isEmpty)
            #expect(wokenAfter < .seconds(3))

            let outOfRange = try client.fetch("waiting", offset: 5, maxWaitMilliseconds: 1000)
            #expect(outOfRange.error == 1)
        }
    }

    @Test("DeleteRecords moves the log start; ListOffsets earliest and latest follow")
    func deleteRecords() throws {
        try TestBroker.with { broker in
            try broker.createTopic("trim", partitions: 1)
            let client = try RawClient(port: broker.port)
            for value in ["a", "b", "c"] {
                _ = try client.produce("trim", batch: TestBatch.make(values: [value]))
            }
            var reader = try client.request(21, version: 1) { writer in
                writer.arrayCount(1)
                writer.string("trim")
                writer.arrayCount(1)
                writer.int32(0)
                writer.int64(2)
                writer.int32(1000)
            }
            _ = try reader.int32()
            _ = try reader.arrayCount()
            _ = try reader.string()
            _ = try reader.arrayCount()
            _ = try reader.int32()
            #expect(try reader.int64() == 2)
            #expect(try reader.int16() == 0)
            #expect(try client.listOffset("trim", timestamp: -2) == 2)
            #expect(try client.listOffset("trim", timestamp: -1) == 3)
            #expect(try client.fetch("trim", offset: 0, maxWaitMilliseconds: 0).error == 1)
        }
    }

    @Test("Fetch respects partition max bytes but always returns at least one whole batch")
    func partitionMaxBytes() throws {
        try TestBroker.with { broker in
            try broker.createTopic("sized", partitions: 1)
            let client = try RawClient(port: broker.port)
            let batches = (0..<3).map { TestBatch.make(values: [String(repeating: "x", count: 100 + $0)]) }
            for batch in batches {
                #expect(try client.produce("sized", batch: batch).error == 0)
            }
            let one = try client.fetch("sized", offset: 0, maxWaitMilliseconds: 0, partitionMaxBytes: 10)
            #expect(one.records.count == batches[0].count)
            let two = try client.fetch(
                "sized",
                offset: 1,
                maxWaitMilliseconds: 0,
                partitionMaxBytes: Int32(batches[1].count + batches[2].count)
            )
            #expect(two.records.count == batches[1].count + batches[2].count)
            #expect(two.records[0..<8] == [0, 0, 0, 0, 0, 0, 0, 1])
        }
    }
}
