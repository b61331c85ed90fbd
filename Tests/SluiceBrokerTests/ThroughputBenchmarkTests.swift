import Foundation
import SluiceBroker
import SluiceKafka
import Testing

/// Produce and consume throughput of 1,000,000 records of 100 bytes against the broker in memory, on disk, and
/// librdkafka's mock cluster, with the same client settings. Runs only with `SLUICE_BROKER_BENCH=1` (it takes
/// a minute or more) and prints one line per target.
@Suite("Broker throughput", .serialized)
struct ThroughputBenchmarkTests {
    private static let records =
        Int(ProcessInfo.processInfo.environment["SLUICE_BROKER_BENCH_RECORDS"] ?? "") ?? 1_000_000
    private static let partitions: Int32 = 32

    private static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    /// Sends a record; `false` when librdkafka's queue is full.
    private static func send(_ record: KafkaProducerRecord, to producer: KafkaProducer) throws(KafkaError) -> Bool {
        do throws(KafkaError) {
            try producer.send(record)
            return true
        } catch {
            guard error.code == .queueFull else { throw error }
            return false
        }
    }

    /// Produces and consumes `records` records on `topic`; returns produce and consume durations.
    private static func run(bootstrap: String, topic: String) throws -> (produce: Duration, consume: Duration) {
        var producerConfiguration = KafkaProducerConfiguration(bootstrapServers: [bootstrap])
        producerConfiguration.linger = .milliseconds(5)
        producerConfiguration.deliveryTimeout = .seconds(120)
        producerConfiguration.common.properties["acks"] = "all"
        let producer = try KafkaProducer(configuration: producerConfiguration)
        let value = [UInt8](repeating: 0x61, count: 100)
        let clock = ContinuousClock()
        let produceStart = clock.now
        var sent = 0
        while sent < records {
            let record = KafkaProducerRecord(topic: topic, partition: Int32(sent) % partitions, key: nil, value: value)
            if try send(record, to: producer) {
                sent += 1
            } else {
                Thread.sleep(forTimeInterval: 0.001)
            }
        }
        try producer.flush(timeout: .seconds(300))
        let produce = clock.now - produceStart
        try producer.close()

        var consumerConfiguration = KafkaConsumerConfiguration(bootstrapServers: [bootstrap], groupID: nil)
        consumerConfiguration.isolationLevel = .readUncommitted
        consumerConfiguration.fetchMaxWait = .milliseconds(100)
        let consumer = try KafkaConsumer(configuration: consumerConfiguration)
        defer { try? consumer.close() }
        let assignment = (0..<partitions).map { (TopicPartition(topic: topic, partition: $0), Int64(0)) }
        let consumeStart = clock.now
        try consumer.assign(Dictionary(uniqueKeysWithValues: assignment))
        var received = 0
        let deadline = clock.now + .seconds(600)
        while received < records, clock.now < deadline {
            received += try consumer.poll(maxRecords: 10_000, timeout: .milliseconds(100)).records.count
        }
        #expect(received == records)
        return (produce, clock.now - consumeStart)
    }

    private static func report(_ name: String, _ result: (produce: Duration, consume: Duration)) {
        let produce = Double(records) / seconds(result.produce)
        let consume = Double(records) / seconds(result.consume)
        let line =
            "\(name): produce \(Int(produce)) records/s (\(String(format: "%.1f", produce * 100 / 1e6)) MB/s), "
            + "consume \(Int(consume)) records/s (\(String(format: "%.1f", consume * 100 / 1e6)) MB/s)"
        print("BENCH " + line)
    }

    @Test(
        "1,000,000 records of 100 bytes: SluiceBroker in memory, on disk, and the mock cluster",
        .enabled(if: ProcessInfo.processInfo.environment["SLUICE_BROKER_BENCH"] != nil)
    )
    func throughput() throws {
        let mock = try KafkaMockCluster()
        try mock.createTopic("bench", partitions: Int(Self.partitions))
        Self.report("librdkafka mock cluster", try Self.run(bootstrap: mock.bootstrapServers, topic: "bench"))
        mock.stop()

        var memory = BrokerConfiguration()
        memory.port = 0
        let inMemory = Broker(configuration: memory)
        try inMemory.start()
        try inMemory.createTopic("bench", partitions: Int(Self.partitions))
        Self.report("SluiceBroker in memory", try Self.run(bootstrap: inMemory.bootstrapServers, topic: "bench"))
        inMemory.stop()

        try DataDirectory.with { directory in
            var disk = memory
            disk.dataDirectory = directory
            let onDisk = Broker(configuration: disk)
            try onDisk.start()
            try onDisk.createTopic("bench", partitions: Int(Self.partitions))
            Self.report(
                "SluiceBroker on disk (fsync never)",
                try Self.run(bootstrap: onDisk.bootstrapServers, topic: "bench")
            )
            onDisk.stop()
        }
    }
}
