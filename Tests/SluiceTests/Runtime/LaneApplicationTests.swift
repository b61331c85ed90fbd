import Foundation
import Sluice
import SluiceBroker
import SluiceKafka
import SluiceTesting
import Testing

/// Key lanes in a real exactly-once run on the project's broker: one input partition, 8 lanes whose closure waits
/// unevenly, commits every 50 records and two failed commits that rewind; a read_committed reader then finds every
/// record exactly once and every key in order.
@Suite("Key lanes on the project's broker", .serialized)
struct LaneApplicationTests {
    private let records = 3_000
    private let keys = 60

    @Test("one partition, 8 lanes: every key in order, nothing lost or duplicated through aborted commits")
    func lanesUnderExactlyOnce() throws {
        let broker = Broker(configuration: BrokerConfiguration(port: 0))
        try broker.start()
        defer { broker.stop() }
        try broker.createTopic("lane-in", partitions: 1)
        try broker.createTopic("lane-out", partitions: 3)

        let producer = try KafkaProducer(configuration: KafkaTestProfile.producer(bootstrap: broker.bootstrapServers))
        var next = [Int](repeating: 0, count: keys)
        for index in 0..<records {
            let key = (index * 7 + index / 13) % keys
            try producer.send(
                KafkaProducerRecord(topic: "lane-in", key: Array("key-\(key)".utf8), value: Array("\(next[key])".utf8))
            )
            next[key] += 1
        }
        try producer.close()

        let builder = TopologyBuilder()
        builder.source("lane-in", key: .string, value: .string)
            .mapValues(named: "slow-lookup", lanes: 8) { value in
                usleep(UInt32.random(in: 0...1_500))
                return value
            }
            .to("lane-out", key: .string, value: .string)
        var configuration = ApplicationConfiguration(
            applicationID: "lanes",
            bootstrapServers: [broker.bootstrapServers]
        )
        configuration.sessionTimeout = .seconds(6)
        configuration.heartbeatInterval = .milliseconds(500)
        configuration.commitEveryRecords = 50
        // Two commits fail as if fenced: the producer is rebuilt and the records since the last commit redone.
        try broker.injectErrors(api: "EndTxn", errorCode: 47, count: 2)
        let logs = InMemoryLogHandler()
        let report = try StreamsApplication(
            topology: try builder.build(),
            configuration: configuration,
            logger: Logger(label: "lanes-test", handler: logs)
        ).run(stopAtEndOfInput: true)
        #expect(report.consumed["lane-in"] == records)
        #expect(logs.messages.contains { $0.contains("rewound") })

        let seen = try readCommitted(broker)
        #expect(seen.values.map(\.count).reduce(0, +) == records)
        for (key, sequences) in seen {
            let index = Int(key.dropFirst(4)) ?? -1
            #expect(sequences == Array(0..<next[index]), "key \(key): out of order, duplicated or missing")
        }
        #expect(seen.count == keys)
    }

    /// Every committed value of `lane-out`, as sequence numbers per key in the order read.
    private func readCommitted(_ broker: Broker) throws -> [String: [Int]] {
        let consumer = try KafkaConsumer(
            configuration: KafkaTestProfile.consumer(bootstrap: broker.bootstrapServers, groupID: nil)
        )
        defer { try? consumer.close() }
        var ends: [TopicPartition: Int64] = [:]
        for partition in 0..<Int32(3) {
            let partitionOf = TopicPartition(topic: "lane-out", partition: partition)
            ends[partitionOf] = try consumer.watermarks(topic: "lane-out", partition: partition).high
        }
        try consumer.assign(ends.mapValues { _ in KafkaOffset.beginning })
        var seen: [String: [Int]] = [:]
        let deadline = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < deadline {
            for record in try consumer.poll(maxRecords: 1_000, timeout: .milliseconds(100)).records {
                let key = String(decoding: record.key ?? [], as: UTF8.self)
                seen[key, default: []].append(Int(String(decoding: record.value ?? [], as: UTF8.self)) ?? -1)
            }
            let positions = try consumer.position(Array(ends.keys))
            if ends.allSatisfy({ (positions[$0.key] ?? -1) >= $0.value }) { break }
        }
        return seen
    }
}
