import Foundation
import Testing

@testable import SluiceBroker

/// The file-backed log and metadata journal, restarted in process.
@Suite("Durable storage", .serialized)
struct DurableStorageTests {
    private static func broker(_ directory: String, configure: (inout BrokerConfiguration) -> Void = { _ in })
        -> Broker
    {
        var configuration = BrokerConfiguration()
        configuration.port = 0
        configuration.dataDirectory = directory
        configure(&configuration)
        return Broker(configuration: configuration)
    }

    @Test("a new broker on the same directory has the records, offsets and transactions; an open one is aborted")
    func restartKeepsEverything() throws {
        try DataDirectory.with { directory in
            let first = Self.broker(directory)
            try first.start()
            try first.createTopic("durable", partitions: 1)
            let client = try RawClient(port: first.port)
            for index in 0..<3 {
                let batch = TestBatch.make(values: ["plain-\(index)-a", "plain-\(index)-b"])
                #expect(try client.produce("durable", batch: batch).error == 0)
            }
            #expect(try client.commitOffset(group: "plain-group", topic: "durable", offset: 4) == 0)

            let producer = try client.initProducerID("durable-tx")
            #expect(
                try client.addPartition("durable-tx", producerID: producer.producerID, epoch: 0, topic: "durable") == 0
            )
            let committed = TestBatch.make(
                values: ["tx-a", "tx-b"],
                producerID: producer.producerID,
                producerEpoch: 0,
                baseSequence: 0,
                transactional: true
            )
            #expect(try client.produce("durable", batch: committed, transactionalID: "durable-tx").error == 0)
            #expect(
                try client.addOffsets("durable-tx", producerID: producer.producerID, epoch: 0, group: "tx-group") == 0
            )
            #expect(
                try client.txnOffsetCommit(
                    "durable-tx",
                    producerID: producer.producerID,
                    epoch: 0,
                    group: "tx-group",
                    topic: "durable",
                    offset: 6
                ) == 0
            )
            #expect(try client.endTxn("durable-tx", producerID: producer.producerID, epoch: 0, commit: true) == 0)

            // A second transaction stays open when the broker goes away.
            #expect(
                try client.addPartition("durable-tx", producerID: producer.producerID, epoch: 0, topic: "durable") == 0
            )
            let open = TestBatch.make(
                values: ["open-a", "open-b"],
                producerID: producer.producerID,
                producerEpoch: 0,
                baseSequence: 2,
                transactional: true
            )
            #expect(try client.produce("durable", batch: open, transactionalID: "durable-tx").error == 0)
            #expect(first.highWatermark(topic: "durable", partition: 0) == 11)
            #expect(first.lastStableOffset(topic: "durable", partition: 0) == 9)
            first.stop()

            let second = Self.broker(directory)
            try second.start()
            defer { second.stop() }
            // 6 plain records, 2 committed, a COMMIT marker, 2 left open and the ABORT marker of the restart.
            #expect(second.highWatermark(topic: "durable", partition: 0) == 12)
            #expect(second.lastStableOffset(topic: "durable", partition: 0) == 12)
            #expect(second.committedOffset(group: "plain-group", topic: "durable", partition: 0) == 4)
            #expect(second.committedOffset(group: "tx-group", topic: "durable", partition: 0) == 6)

            let again = try RawClient(port: second.port)
            let read = try again.fetch("durable", offset: 0, maxWaitMilliseconds: 0)
            #expect(read.error == 0)
            #expect(read.highWatermark == 12)
            let text = String(decoding: read.records, as: UTF8.self)
            for value in ["plain-0-a", "plain-2-b", "tx-a", "tx-b", "open-a"] {
                #expect(text.contains(value))
            }
            // The old producer is fenced: the restart bumped its epoch.
            let fenced = try again.endTxn("durable-tx", producerID: producer.producerID, epoch: 0, commit: true)
            #expect(fenced == ErrorCode.invalidProducerEpoch)
            let next = try again.initProducerID("durable-tx")
            #expect(next.error == 0)
            #expect(next.producerID == producer.producerID)
            #expect(next.epoch >= 2)
            #expect(try again.produce("durable", batch: TestBatch.make(values: ["after"])).baseOffset == 12)
        }
    }

    @Test("a torn tail is cut, missing indexes are rebuilt, and appends continue after the last whole batch")
    func tornTailAndIndexes() throws {
        try DataDirectory.with { directory in
            let first = Self.broker(directory) { $0.indexIntervalBytes = 100 }
            try first.start()
            try first.createTopic("torn", partitions: 1)
            let client = try RawClient(port: first.port)
            for index in 0..<20 {
                #expect(try client.produce("torn", batch: TestBatch.make(values: ["value-\(index)"])).error == 0)
            }
            first.stop()

            let partition = directory + "/logs/torn-0"
            let logName = try #require(DataDirectory.files(in: partition, endingWith: ".log").first)
            let indexName = logName.replacingOccurrences(of: ".log", with: ".index")
            let originalIndex = try #require(FileManager.default.contents(atPath: partition + "/" + indexName))
            #expect(originalIndex.count >= 8 * 5)
            let log = try #require(FileHandle(forWritingAtPath: partition + "/" + logName))
            log.seekToEndOfFile()
            log.write(Data(TestBatch.make(values: ["torn-away"]).prefix(40)))
            try log.close()
            try FileManager.default.removeItem(atPath: partition + "/" + indexName)
            try FileManager.default.removeItem(
                atPath: partition + "/" + logName.replacingOccurrences(of: ".log", with: ".timeindex")
            )

            let second = Self.broker(directory) { $0.indexIntervalBytes = 100 }
            try second.start()
            defer { second.stop() }
            #expect(second.highWatermark(topic: "torn", partition: 0) == 20)
            #expect(FileManager.default.contents(atPath: partition + "/" + indexName) == originalIndex)
            let again = try RawClient(port: second.port)
            #expect(try again.produce("torn", batch: TestBatch.make(values: ["next"])).baseOffset == 20)
            let read = try again.fetch("torn", offset: 19, maxWaitMilliseconds: 0)
            #expect(String(decoding: read.records, as: UTF8.self).contains("next"))
            #expect(!String(decoding: read.records, as: UTF8.self).contains("torn-away"))
        }
    }

    @Test("a batch whose CRC does not match in the middle of the log cuts the log there")
    func corruptBatch() throws {
        try DataDirectory.with { directory in
            let first = Self.broker(directory)
            try first.start()
            try first.createTopic("corrupt", partitions: 1)
            let client = try RawClient(port: first.port)
            var sizes: [Int] = []
            for index in 0..<5 {
                let batch = TestBatch.make(values: ["value-\(index)"])
                sizes.append(batch.count)
                #expect(try client.produce("corrupt", batch: batch).error == 0)
            }
            first.stop()

            let partition = directory + "/logs/corrupt-0"
            let logName = try #require(DataDirectory.files(in: partition, endingWith: ".log").first)
            var bytes = try #require(FileManager.default.contents(atPath: partition + "/" + logName))
            let third = sizes[0] + sizes[1]
            bytes[third + sizes[2] - 1] ^= 0xFF
            try bytes.write(to: URL(fileURLWithPath: partition + "/" + logName))

            let second = Self.broker(directory)
            try second.start()
            defer { second.stop() }
            #expect(second.highWatermark(topic: "corrupt", partition: 0) == 2)
        }
    }

    @Test("segments roll at the configured size and DeleteRecords removes whole segments below the log start")
    func segmentsRollAndDelete() throws {
        try DataDirectory.with { directory in
            let first = Self.broker(directory) { $0.segmentBytes = 1024 }
            try first.start()
            try first.createTopic("rolled", partitions: 1)
            let client = try RawClient(port: first.port)
            let value = String(repeating: "x", count: 200)
            for _ in 0..<40 {
                #expect(try client.produce("rolled", batch: TestBatch.make(values: [value])).error == 0)
            }
            let partition = directory + "/logs/rolled-0"
            let segments = DataDirectory.files(in: partition, endingWith: ".log")
            #expect(segments.count >= 8)
            #expect(try client.deleteRecords("rolled", before: 30).logStartOffset == 30)
            let left = DataDirectory.files(in: partition, endingWith: ".log")
            #expect(left.count < segments.count)
            #expect(left.allSatisfy { (Int64($0.dropLast(4)) ?? 0) > 20 })
            first.stop()

            let second = Self.broker(directory) { $0.segmentBytes = 1024 }
            try second.start()
            defer { second.stop() }
            let again = try RawClient(port: second.port)
            #expect(try again.listOffset("rolled", timestamp: -2) == 30)
            #expect(try again.listOffset("rolled", timestamp: -1) == 40)
        }
    }

    @Test("deleting a topic removes its files and the deletion survives a restart")
    func deleteTopic() throws {
        try DataDirectory.with { directory in
            let first = Self.broker(directory)
            try first.start()
            try first.createTopic("gone", partitions: 2)
            try first.createTopic("kept", partitions: 1)
            #expect(FileManager.default.fileExists(atPath: directory + "/logs/gone-1"))
            var reader = ByteReader([0, 0, 0, 1, 0, 4] + Array("gone".utf8) + [0, 0, 0, 0])
            _ = try first.state.deleteTopics(
                RequestHeader(apiKey: .deleteTopics, apiVersion: 1, correlationID: 1, clientID: nil),
                &reader
            )
            #expect(!FileManager.default.fileExists(atPath: directory + "/logs/gone-1"))
            first.stop()

            let second = Self.broker(directory)
            try second.start()
            defer { second.stop() }
            #expect(second.highWatermark(topic: "gone", partition: 0) == nil)
            #expect(second.highWatermark(topic: "kept", partition: 0) == 0)
        }
    }
}
