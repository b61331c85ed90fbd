import SluiceKafka
import SluiceTesting
import Testing

@Suite("Producer and consumer against the mock cluster", .serialized)
struct KafkaClientTests {
    @Test("records keep their keys, null keys, headers and timestamps")
    func roundTrip() throws {
        let cluster = try KafkaMockCluster()
        try cluster.createTopic("round-trip", partitions: 3)
        let producer = try KafkaProducer(configuration: KafkaTestProfile.producer(bootstrap: cluster.bootstrapServers))
        let sent = [
            KafkaProducerRecord(
                topic: "round-trip",
                partition: 0,
                key: Array("a".utf8),
                value: Array("one".utf8),
                timestamp: 1_357_016_400_000,
                headers: [KafkaHeader(key: "trace", string: "abc"), KafkaHeader(key: "empty", value: nil)]
            ),
            KafkaProducerRecord(topic: "round-trip", partition: 0, key: nil, value: Array("two".utf8)),
            KafkaProducerRecord(topic: "round-trip", partition: 0, key: [], value: nil, timestamp: 5),
        ]
        try producer.send(contentsOf: sent)
        try producer.flush()
        #expect(producer.deliveredCount == 3)
        try producer.close()

        let consumer = try KafkaConsumer(
            configuration: KafkaTestProfile.consumer(bootstrap: cluster.bootstrapServers, groupID: nil)
        )
        try consumer.assign([TopicPartition(topic: "round-trip", partition: 0): KafkaOffset.beginning])
        let received = try KafkaTestProfile.drain(consumer) { $0.count >= 3 }
        try consumer.close()

        #expect(received.map(\.offset) == [0, 1, 2])
        #expect(received[0].key == Array("a".utf8))
        #expect(received[0].timestamp == 1_357_016_400_000)
        #expect(received[0].headers == sent[0].headers)
        #expect(received[1].key == nil)
        #expect(received[2].key == [])
        #expect(received[2].value == nil)
        #expect(received[2].timestamp == 5)
    }

    @Test("the default partitioner places keys as Java's murmur2 does")
    func murmur2Placement() throws {
        let cluster = try KafkaMockCluster()
        try cluster.createTopic("placed", partitions: 6)
        let producer = try KafkaProducer(configuration: KafkaTestProfile.producer(bootstrap: cluster.bootstrapServers))
        let keys = ["N14228", "EWR", "JFK", "LGA", "a", ""]
        var reports: [String: Int32] = [:]
        for key in keys {
            try producer.send(KafkaProducerRecord(topic: "placed", key: Array(key.utf8), value: Array(key.utf8)))
        }
        try producer.flush()
        try producer.close()

        let consumer = try KafkaConsumer(
            configuration: KafkaTestProfile.consumer(bootstrap: cluster.bootstrapServers, groupID: nil)
        )
        try consumer.assign(
            Dictionary(
                uniqueKeysWithValues: (0..<6).map {
                    (TopicPartition(topic: "placed", partition: $0), KafkaOffset.beginning)
                }
            )
        )
        for record in try KafkaTestProfile.drain(consumer, until: { $0.count >= keys.count }) {
            reports[String(decoding: record.key ?? [], as: UTF8.self)] = record.partition
        }
        try consumer.close()
        // The same bytes always land on the same partition, and it is the Java client's choice:
        // toPositive(murmur2(key)) % 6, computed independently by JavaPartitioner in this test target.
        for key in keys {
            #expect(reports[key] == JavaPartitioner.partition(for: Array(key.utf8), partitionCount: 6))
        }
    }

    @Test("committed offsets are resumed by a restarted group member")
    func commitAndResume() throws {
        let cluster = try KafkaMockCluster()
        try cluster.createTopic("resume", partitions: 1)
        let producer = try KafkaProducer(configuration: KafkaTestProfile.producer(bootstrap: cluster.bootstrapServers))
        for index in 0..<10 {
            try producer.send(KafkaProducerRecord(topic: "resume", partition: 0, key: nil, value: [UInt8(index)]))
        }
        try producer.flush()

        let configuration = KafkaTestProfile.consumer(bootstrap: cluster.bootstrapServers, groupID: "resume-group")
        let first = try KafkaConsumer(configuration: configuration)
        try first.subscribe(topics: ["resume"])
        // The mock cluster may hold a join for up to a session timeout per member change: wait generously.
        let firstBatch = try KafkaTestProfile.drain(first, timeout: .seconds(45)) { $0.count >= 10 }
        #expect(firstBatch.count == 10)
        let partition = TopicPartition(topic: "resume", partition: 0)
        try first.commit([partition: 6])
        #expect(try first.committed([partition])[partition] == 6)
        try first.close()

        let second = try KafkaConsumer(configuration: configuration)
        try second.subscribe(topics: ["resume"])
        let resumed = try KafkaTestProfile.drain(second, timeout: .seconds(45)) { $0.count >= 4 }
        try second.close()
        #expect(resumed.map(\.offset) == [6, 7, 8, 9])
        #expect(try producer.metadata(topics: ["resume"]).first?.partitionCount == 1)
        try producer.close()
    }

    @Test("watermarks, positions, seek and pause work on assigned partitions")
    func watermarksSeekPause() throws {
        let cluster = try KafkaMockCluster()
        try cluster.createTopic("marks", partitions: 1)
        let producer = try KafkaProducer(configuration: KafkaTestProfile.producer(bootstrap: cluster.bootstrapServers))
        for index in 0..<5 {
            try producer.send(KafkaProducerRecord(topic: "marks", partition: 0, key: nil, value: [UInt8(index)]))
        }
        try producer.flush()
        try producer.close()

        let consumer = try KafkaConsumer(
            configuration: KafkaTestProfile.consumer(bootstrap: cluster.bootstrapServers, groupID: nil)
        )
        let partition = TopicPartition(topic: "marks", partition: 0)
        let marks = try consumer.watermarks(topic: "marks", partition: 0)
        #expect(marks.low == 0)
        #expect(marks.high == 5)
        try consumer.assign([partition: 3])
        let tail = try KafkaTestProfile.drain(consumer) { $0.count >= 2 }
        #expect(tail.map(\.offset) == [3, 4])
        #expect(try consumer.position([partition])[partition] == 5)
        try consumer.seek([partition: 1])
        try consumer.pause([partition])
        let paused = try KafkaTestProfile.drain(consumer, timeout: .milliseconds(500)) { !$0.isEmpty }
        #expect(paused.isEmpty)
        try consumer.resume([partition])
        let again = try KafkaTestProfile.drain(consumer) { $0.count >= 4 }
        #expect(again.first?.offset == 1)
        try consumer.close()
    }
}
