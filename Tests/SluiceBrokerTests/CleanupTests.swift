import Foundation
import SluiceKafka
import SluiceTesting
import Testing

@testable import SluiceBroker

/// Retention by time and size, and compaction of `cleanup.policy=compact` topics.
@Suite("Retention and compaction", .serialized)
struct CleanupTests {
    private static func partition(_ broker: Broker, _ topic: String) -> PartitionLog? {
        broker.state.withLock { broker.state.partitionLog(PartitionKey(topic: topic, partition: 0)) }
    }

    private static func contents(_ broker: Broker, _ topic: String) -> [(offset: Int64, key: String, value: String?)] {
        broker.state.withLock {
            broker.state.partitionLog(PartitionKey(topic: topic, partition: 0)).map { KeyedBatch.contents(of: $0) }
                ?? []
        }
    }

    private static func produceChangelog(_ client: RawClient, topic: String) throws {
        let batches: [[(key: String, value: String?)]] = [
            [("a", "a1"), ("b", "b1")],
            [("a", "a2"), ("c", "c1")],
            [("b", nil), ("a", "a3")],
            [("d", "d1")],
        ]
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        for batch in batches {
            #expect(try client.produce(topic, batch: KeyedBatch.make(batch, timestamp: now)).error == 0)
        }
    }

    @Test("compaction keeps the newest value per key and keeps tombstones until delete.retention.ms")
    func compactKeepsNewest() throws {
        try TestBroker.with { broker in
            try broker.createTopic("changelog", partitions: 1, configs: ["cleanup.policy": "compact"])
            try broker.createTopic(
                "changelog-fast",
                partitions: 1,
                configs: [
                    "cleanup.policy": "compact", "delete.retention.ms": "0",
                ]
            )
            let client = try RawClient(port: broker.port)
            try Self.produceChangelog(client, topic: "changelog")
            try Self.produceChangelog(client, topic: "changelog-fast")
            broker.compactNow()

            let kept = Self.contents(broker, "changelog").map { "\($0.offset):\($0.key)=\($0.value ?? "null")" }
            #expect(kept == ["3:c=c1", "4:b=null", "5:a=a3", "6:d=d1"])
            let fast = Self.contents(broker, "changelog-fast").map { "\($0.offset):\($0.key)=\($0.value ?? "null")" }
            #expect(fast == ["3:c=c1", "5:a=a3", "6:d=d1"])
            #expect(broker.highWatermark(topic: "changelog", partition: 0) == 7)

            // A reader that starts at 0 is moved past the gaps and sees the compacted log.
            let read = try client.fetch("changelog", offset: 0, maxWaitMilliseconds: 0)
            #expect(read.error == 0)
            let text = String(decoding: read.records, as: UTF8.self)
            #expect(!text.contains("a1") && !text.contains("a2") && text.contains("a3") && text.contains("c1"))
        }
    }

    @Test("a compacted log on disk is the same after a restart, and so is its high watermark")
    func compactionOnDisk() throws {
        try DataDirectory.with { directory in
            var configuration = BrokerConfiguration()
            configuration.port = 0
            configuration.dataDirectory = directory
            configuration.segmentBytes = 1024
            let first = Broker(configuration: configuration)
            try first.start()
            try first.createTopic("changelog", partitions: 1, configs: ["cleanup.policy": "compact"])
            let client = try RawClient(port: first.port)
            for round in 0..<30 {
                let batch = KeyedBatch.make([
                    ("key-\(round % 3)", "value-\(round)-" + String(repeating: "x", count: 50))
                ])
                #expect(try client.produce("changelog", batch: batch).error == 0)
            }
            first.compactNow()
            let compacted = Self.contents(first, "changelog").map(\.offset)
            #expect(compacted == [27, 28, 29])
            first.stop()

            let second = Broker(configuration: configuration)
            try second.start()
            defer { second.stop() }
            #expect(Self.contents(second, "changelog").map(\.offset) == compacted)
            #expect(second.highWatermark(topic: "changelog", partition: 0) == 30)
            let again = try RawClient(port: second.port)
            #expect(try again.produce("changelog", batch: KeyedBatch.make([("key-0", "newest")])).baseOffset == 30)
        }
    }

    @Test("SluiceKafka reads a compacted topic as a table: one value per key, the newest")
    func compactedTableThroughClient() throws {
        try TestBroker.with { broker in
            try broker.createTopic("table", partitions: 1, configs: ["cleanup.policy": "compact"])
            let producer = try KafkaProducer(
                configuration: KafkaTestProfile.producer(bootstrap: broker.bootstrapServers)
            )
            for round in 0..<100 {
                let key = Array("key-\(round % 10)".utf8)
                try producer.send(
                    KafkaProducerRecord(topic: "table", partition: 0, key: key, value: Array("\(round)".utf8))
                )
                try producer.flush(timeout: .seconds(10))
            }
            try producer.close()
            broker.compactNow()

            var configuration = KafkaTestProfile.consumer(bootstrap: broker.bootstrapServers, groupID: nil)
            configuration.enablePartitionEOF = true
            let consumer = try KafkaConsumer(configuration: configuration)
            defer { try? consumer.close() }
            try consumer.assign([TopicPartition(topic: "table", partition: 0): 0])
            let records = try KafkaTestProfile.drain(consumer, timeout: .seconds(5)) { $0.count >= 10 }
            let table = Dictionary(
                records.map {
                    (String(decoding: $0.key ?? [], as: UTF8.self), String(decoding: $0.value ?? [], as: UTF8.self))
                }
            ) { $1 }
            #expect(records.count == 10)
            #expect(table == Dictionary(uniqueKeysWithValues: (90..<100).map { ("key-\($0 % 10)", "\($0)") }))
        }
    }

    @Test("retention.bytes and retention.ms delete the oldest batches and move the log start")
    func retention() throws {
        try TestBroker.with { broker in
            try broker.createTopic("by-size", partitions: 1, configs: ["retention.bytes": "500"])
            try broker.createTopic("by-time", partitions: 1, configs: ["retention.ms": "60000"])
            try broker.createTopic("forever", partitions: 1)
            let client = try RawClient(port: broker.port)
            let now = Int64(Date().timeIntervalSince1970 * 1000)
            for index in 0..<20 {
                let value = String(repeating: "v", count: 50)
                #expect(try client.produce("by-size", batch: TestBatch.make(values: [value])).error == 0)
                let old = index < 15 ? now - 3_600_000 : now
                #expect(
                    try client.produce("by-time", batch: TestBatch.make(values: ["\(index)"], timestamp: old)).error
                        == 0
                )
                #expect(
                    try client.produce("forever", batch: TestBatch.make(values: ["\(index)"], timestamp: 1)).error == 0
                )
            }
            broker.compactNow()

            let bySize = try #require(Self.partition(broker, "by-size"))
            let sizeState = broker.state.withLock { (bySize.sizeInBytes, bySize.logStartOffset) }
            #expect(sizeState.0 <= 500)
            #expect(sizeState.1 > 10)
            #expect(try client.listOffset("by-time", timestamp: -2) == 15)
            #expect(try client.listOffset("forever", timestamp: -2) == 0)
            #expect(broker.highWatermark(topic: "by-time", partition: 0) == 20)
        }
    }
}
