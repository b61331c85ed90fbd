import Foundation
import Sluice
import SluiceBroker
import SluiceKafka
import SluiceTesting
import Testing

/// A bounded run ends by itself once its committed offsets reach the ends of its inputs. When an input was
/// written in transactions, its end lies one past the last record (the commit marker), and only the consumer's
/// position steps over the marker: the run must commit that position even when no record is left to process,
/// because its last record was committed in the middle of a batch (on the record count or the commit interval)
/// or by the partition's previous owner. Otherwise it waits forever.
@Suite("A bounded run ends after transactional input", .serialized)
struct BoundedRunEndTests {
    private let records = 100

    @Test("the last record committed inside a batch, a commit marker after it: the run still ends")
    func endsAfterACommitInsideTheBatch() throws {
        let broker = try startBroker()
        defer { broker.stop() }
        var configuration = configuration(broker)
        // The hundredth record fills the count: it is committed in the batch, before the marker is stepped over.
        configuration.commitEveryRecords = records
        let report = try runBounded(configuration)
        #expect(report.consumed["marked-in"] == records)
        #expect(report.produced["marked-out"] == records, "\(report)")
        // Two commits: the hundredth record's inside the batch, then the position past the marker.
        #expect(report.commits == 2)
    }

    @Test("every record committed before the run, only the marker left: the run commits past it and ends")
    func endsWhenOnlyTheMarkerIsLeft() throws {
        let broker = try startBroker()
        defer { broker.stop() }
        // A previous owner committed the offset after the last record, not after the marker.
        try commit(Int64(records), broker)

        let report = try runBounded(configuration(broker))
        #expect(report.consumed["marked-in"] == nil)
        #expect(report.commits == 1)
    }

    @Test("a thread that stops while its JoinGroup waits at the coordinator leaves the group once it is answered")
    func leavesAfterAPendingJoin() throws {
        let broker = try startBroker()
        defer { broker.stop() }
        try commit(Int64(records + 1), broker)
        // A member that joined and then stops polling: the application's JoinGroup waits for it to rejoin, which
        // it never does, until its 6 s session runs out.
        var blockerConfiguration = KafkaTestProfile.consumer(bootstrap: broker.bootstrapServers, groupID: "marked")
        blockerConfiguration.sessionTimeout = .seconds(6)
        blockerConfiguration.maxPollInterval = .seconds(6)
        let blocker = try KafkaConsumer(configuration: blockerConfiguration)
        try blocker.subscribe(topics: ["marked-in"])
        let deadline = ContinuousClock.now + .seconds(20)
        while broker.consumerGroup("marked")?.isStable != true && ContinuousClock.now < deadline {
            _ = try blocker.poll(timeout: .milliseconds(100))
        }
        #expect(broker.consumerGroup("marked")?.isStable == true)

        // The input is drained already: the run stops at once, while its thread is still waiting to join.
        let logs = InMemoryLogHandler()
        var configuration = configuration(broker)
        // The thread waits at most its session timeout (and 10 s) for the answer before it closes anyway.
        configuration.sessionTimeout = .seconds(10)
        // The blocker is an eager member, and a group's members share one protocol.
        configuration.assignmentStrategy = .eager
        let report = try runBounded(configuration, logger: Logger(label: "leave-test", handler: logs))
        #expect(report.commits == 0)
        #expect(logs.messages.contains { $0.contains("partitions assigned while leaving") })
        let group = broker.consumerGroup("marked")
        #expect(
            group?.members.contains { $0.clientID.hasPrefix("marked-stream") } == false,
            "\(String(describing: group))"
        )
        try? blocker.close()
    }

    /// A broker with `marked-in` holding one committed transaction of 100 records, and an empty `marked-out`.
    private func startBroker() throws -> Broker {
        let broker = Broker(configuration: BrokerConfiguration(port: 0))
        try broker.start()
        try broker.createTopic("marked-in", partitions: 1)
        try broker.createTopic("marked-out", partitions: 1)
        let producer = try KafkaProducer(
            configuration: KafkaTestProfile.producer(bootstrap: broker.bootstrapServers, transactionalID: "loader")
        )
        defer { try? producer.close() }
        try producer.initTransactions(timeout: .seconds(10))
        try producer.beginTransaction()
        for index in 0..<records {
            try producer.send(
                KafkaProducerRecord(topic: "marked-in", key: Array("k\(index % 7)".utf8), value: Array("\(index)".utf8))
            )
        }
        try producer.commitTransaction(timeout: .seconds(10))
        return broker
    }

    /// Commits `offset` for `marked-in` in the group `marked`, as an earlier run would have.
    private func commit(_ offset: Int64, _ broker: Broker) throws {
        let previous = try KafkaConsumer(
            configuration: KafkaTestProfile.consumer(bootstrap: broker.bootstrapServers, groupID: "marked")
        )
        defer { try? previous.close() }
        try previous.commit([TopicPartition(topic: "marked-in", partition: 0): offset])
    }

    private func configuration(_ broker: Broker) -> ApplicationConfiguration {
        var configuration = ApplicationConfiguration(
            applicationID: "marked",
            bootstrapServers: [broker.bootstrapServers]
        )
        configuration.sessionTimeout = .seconds(6)
        configuration.heartbeatInterval = .milliseconds(500)
        configuration.commitInterval = .seconds(1)
        return configuration
    }

    /// Runs `marked-in` → `marked-out` to the end of its input; a watchdog stops it after 30 s.
    private func runBounded(
        _ configuration: ApplicationConfiguration,
        logger: Logger = Logger(label: "bounded-run-test", handler: InMemoryLogHandler())
    ) throws -> ApplicationReport {
        let builder = TopologyBuilder()
        builder.source("marked-in", key: .string, value: .string).to("marked-out", key: .string, value: .string)
        let application = StreamsApplication(
            topology: try builder.build(),
            configuration: configuration,
            logger: logger
        )
        let watchdog = DispatchWorkItem { application.shutdown() }
        DispatchQueue.global().asyncAfter(deadline: .now() + 30, execute: watchdog)
        defer { watchdog.cancel() }
        let started = ContinuousClock.now
        let report = try application.run(stopAtEndOfInput: true)
        #expect(ContinuousClock.now - started < .seconds(30), "the run did not end by itself")
        return report
    }
}
