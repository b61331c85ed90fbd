import Foundation
import Sluice
import SluiceBroker
import SluiceKafka
import SluiceTesting
import Testing

/// Stores on the project's broker: counts survive restarts through the local checkpoint (RocksDB) or the whole
/// changelog (in memory), under exactly-once.
@Suite("State stores across restarts", .serialized)
struct StatefulApplicationTests {
    private let keys = (0..<10).map { "key-\($0)" }

    private func produce(_ rounds: Int, to broker: Broker) throws {
        let producer = try KafkaProducer(configuration: KafkaTestProfile.producer(bootstrap: broker.bootstrapServers))
        for _ in 0..<rounds {
            for key in keys {
                try producer.send(KafkaProducerRecord(topic: "words", key: Array(key.utf8), value: Array(key.utf8)))
            }
        }
        try producer.close()
    }

    private func run(broker: Broker, engine: StoreEngine, directory: String, logs: InMemoryLogHandler) throws {
        let builder = TopologyBuilder()
        builder.source("words", key: .string, value: .string)
            .groupByKey(named: "by-word", key: .string, value: .string)
            .count(named: "word-counts")
            .to("counts", key: .string, value: .int64)
        var configuration = ApplicationConfiguration(
            applicationID: "counter",
            bootstrapServers: [broker.bootstrapServers]
        )
        configuration.sessionTimeout = .seconds(6)
        configuration.heartbeatInterval = .milliseconds(500)
        configuration.storeEngine = engine
        configuration.stateDirectory = directory
        try StreamsApplication(
            topology: try builder.build(),
            configuration: configuration,
            logger: Logger(label: "stateful-test", handler: logs)
        ).run(stopAtEndOfInput: true)
    }

    private func finalCounts(_ broker: Broker) throws -> [String: Int64] {
        let consumer = try KafkaConsumer(
            configuration: KafkaTestProfile.consumer(bootstrap: broker.bootstrapServers, groupID: nil)
        )
        defer { try? consumer.close() }
        var ends: [TopicPartition: Int64] = [:]
        for partition in 0..<Int32(2) {
            let marks = try consumer.watermarks(topic: "counts", partition: partition)
            ends[TopicPartition(topic: "counts", partition: partition)] = marks.high
        }
        try consumer.assign(ends.mapValues { _ in KafkaOffset.beginning })
        var counts: [String: Int64] = [:]
        let deadline = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < deadline {
            for record in try consumer.poll(maxRecords: 1_000, timeout: .milliseconds(100)).records {
                let value = try Serde<Int64>.int64.deserialize(record.value)
                counts[String(decoding: record.key ?? [], as: UTF8.self)] = value
            }
            let positions = try consumer.position(Array(ends.keys))
            if ends.allSatisfy({ (positions[$0.key] ?? -1) >= $0.value }) { break }
        }
        return counts
    }

    private func restoredFrom(_ logs: InMemoryLogHandler) -> [Int64] {
        logs.entries.filter { $0.message == "restoring a store from its changelog" }.compactMap {
            if case .int(let offset) = $0.metadata["sluice.restore_from"] { offset } else { nil }
        }
    }

    @Test("RocksDB counts go on from the local checkpoint; an in-memory store restores the whole changelog")
    func countsSurviveRestarts() throws {
        let broker = Broker(configuration: BrokerConfiguration(port: 0))
        try broker.start()
        defer { broker.stop() }
        try broker.createTopic("words", partitions: 2)
        try broker.createTopic("counts", partitions: 2)
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("sluice-state-test-\(UInt64.random(in: 0...UInt64.max))").path
        defer { try? FileManager.default.removeItem(atPath: directory) }

        try produce(100, to: broker)
        let first = InMemoryLogHandler()
        try run(broker: broker, engine: .rocksDB, directory: directory, logs: first)
        #expect(try finalCounts(broker) == Dictionary(uniqueKeysWithValues: keys.map { ($0, 100) }))
        #expect(FileManager.default.fileExists(atPath: "\(directory)/counter/0_0/word-counts.checkpoint"))

        try produce(50, to: broker)
        let second = InMemoryLogHandler()
        try run(broker: broker, engine: .rocksDB, directory: directory, logs: second)
        #expect(try finalCounts(broker) == Dictionary(uniqueKeysWithValues: keys.map { ($0, 150) }))
        // The checkpoint lets the restore skip what the local store already holds.
        #expect(restoredFrom(second).allSatisfy { $0 > 0 })

        try produce(10, to: broker)
        let third = InMemoryLogHandler()
        try run(broker: broker, engine: .inMemory, directory: directory, logs: third)
        #expect(try finalCounts(broker) == Dictionary(uniqueKeysWithValues: keys.map { ($0, 160) }))
        #expect(third.messages.contains("restored a store"))
        #expect(restoredFrom(third).contains(0))
    }
}
