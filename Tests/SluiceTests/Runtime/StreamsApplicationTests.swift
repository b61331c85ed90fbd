import Sluice
import SluiceKafka
import SluiceTesting
import Testing

@Suite("A topology runs end to end against the mock cluster", .serialized)
struct StreamsApplicationTests {
    struct Reading: Codable, Sendable {
        var sensor: String
        var celsius: Double
    }

    private func configuration(_ cluster: KafkaMockCluster, id: String) -> ApplicationConfiguration {
        var configuration = ApplicationConfiguration(applicationID: id, bootstrapServers: [cluster.bootstrapServers])
        configuration.sessionTimeout = .seconds(6)
        configuration.heartbeatInterval = .milliseconds(500)
        configuration.commitInterval = .milliseconds(200)
        configuration.processingGuarantee = .atLeastOnce
        return configuration
    }

    private func load(_ cluster: KafkaMockCluster, topic: String, values: [(String?, String?)], partitions: Int32)
        throws
    {
        let producer = try KafkaProducer(configuration: KafkaTestProfile.producer(bootstrap: cluster.bootstrapServers))
        for (index, (key, value)) in values.enumerated() {
            try producer.send(
                KafkaProducerRecord(
                    topic: topic,
                    partition: Int32(index) % partitions,
                    key: key.map { Array($0.utf8) },
                    value: value.map { Array($0.utf8) },
                    timestamp: 1_000 + Int64(index)
                )
            )
        }
        try producer.close()
    }

    private func readAll(_ cluster: KafkaMockCluster, topic: String, partitions: Int32, count: Int) throws
        -> [KafkaRecord]
    {
        let consumer = try KafkaConsumer(
            configuration: KafkaTestProfile.consumer(bootstrap: cluster.bootstrapServers, groupID: nil)
        )
        defer { try? consumer.close() }
        try consumer.assign(
            Dictionary(
                uniqueKeysWithValues: (0..<partitions).map {
                    (TopicPartition(topic: topic, partition: $0), KafkaOffset.beginning)
                }
            )
        )
        return try KafkaTestProfile.drain(consumer, timeout: .seconds(10)) { $0.count >= count }
    }

    @Test("records are transformed, bad ones dead-lettered with their reason, and offsets committed")
    func endToEnd() throws {
        let cluster = try KafkaMockCluster()
        for topic in ["readings", "fahrenheit", "readings-app-dlq"] {
            try cluster.createTopic(topic, partitions: 2)
        }
        var values: [(String?, String?)] = (0..<40).map { index in
            ("s\(index % 4)", #"{"sensor":"s\#(index % 4)","celsius":\#(index)}"#)
        }
        values[7] = ("s3", "not json")
        values[12] = (nil, #"{"sensor":"x"}"#)
        try load(cluster, topic: "readings", values: values, partitions: 2)

        let builder = TopologyBuilder()
        builder.source("readings", key: .optional(.string), value: .json(Reading.self))
            .mapValues(named: "to-fahrenheit") { (reading: Reading) -> Double in
                reading.celsius * 9.0 / 5.0 + 32.0
            }
            .to("fahrenheit", key: .optional(.string), value: .json(Double.self))
        let application = StreamsApplication(
            topology: try builder.build(),
            configuration: configuration(cluster, id: "readings-app")
        )
        let report = try application.run(stopAtEndOfInput: true)

        #expect(report.consumed["readings"] == 40)
        #expect(report.produced["fahrenheit"] == 38)
        #expect(report.deadLettered == 2)
        #expect(report.consumedTotal == report.producedTotal + report.deadLettered)

        let output = try readAll(cluster, topic: "fahrenheit", partitions: 2, count: 38)
        #expect(output.count == 38)
        let dead = try readAll(cluster, topic: "readings-app-dlq", partitions: 2, count: 2)
        #expect(dead.count == 2)
        let bad = try #require(dead.first { $0.value == Array("not json".utf8) })
        #expect(bad.header("sluice.dlq.topic")?.stringValue == "readings")
        #expect(bad.header("sluice.dlq.offset")?.stringValue == "3")
        #expect(bad.header("sluice.dlq.partition")?.stringValue == "1")
        #expect(bad.header("sluice.dlq.stage")?.stringValue == "value deserialization")
        #expect(bad.header("sluice.dlq.error") != nil)

        let checker = try KafkaConsumer(
            configuration: KafkaTestProfile.consumer(bootstrap: cluster.bootstrapServers, groupID: "readings-app")
        )
        let committed = try checker.committed([
            TopicPartition(topic: "readings", partition: 0), TopicPartition(topic: "readings", partition: 1),
        ])
        try checker.close()
        #expect(committed.values.sorted() == [20, 20])
    }

    @Test("a missing source topic fails at start with one clear message")
    func unknownTopic() throws {
        let cluster = try KafkaMockCluster()
        let builder = TopologyBuilder()
        builder.source("nowhere", key: .bytes, value: .bytes).to("out", key: .bytes, value: .bytes)
        let application = StreamsApplication(
            topology: try builder.build(),
            configuration: configuration(cluster, id: "missing-app")
        )
        let error = #expect(throws: ApplicationError.self) { try application.run(stopAtEndOfInput: true) }
        #expect(error?.code == .unknownTopic)
        #expect(error?.message.contains("'nowhere'") == true)
    }

    @Test("exactly-once on the mock cluster is refused at start: it cannot keep the promise")
    func exactlyOnceRefusedOnMock() throws {
        let cluster = try KafkaMockCluster()
        try cluster.createTopic("in", partitions: 1)
        let builder = TopologyBuilder()
        builder.source("in", key: .bytes, value: .bytes).to("out", key: .bytes, value: .bytes)
        var configuration = configuration(cluster, id: "eos-on-mock")
        configuration.processingGuarantee = .exactlyOnce
        let application = StreamsApplication(topology: try builder.build(), configuration: configuration)
        let error = #expect(throws: ApplicationError.self) { try application.run(stopAtEndOfInput: true) }
        #expect(error?.code == .invalidConfiguration)
        #expect(error?.message.contains("mock cluster") == true)
    }

    @Test("an unreachable cluster fails after the start-up timeout instead of hanging")
    func unreachable() throws {
        let builder = TopologyBuilder()
        builder.source("in", key: .bytes, value: .bytes).to("out", key: .bytes, value: .bytes)
        var configuration = ApplicationConfiguration(applicationID: "lonely", bootstrapServers: ["127.0.0.1:1"])
        configuration.startupTimeout = .seconds(2)
        let application = StreamsApplication(topology: try builder.build(), configuration: configuration)
        let clock = ContinuousClock()
        let started = clock.now
        let error = #expect(throws: ApplicationError.self) { try application.run() }
        #expect(error?.code == .unreachable)
        #expect(clock.now - started < .seconds(15))
    }
}
