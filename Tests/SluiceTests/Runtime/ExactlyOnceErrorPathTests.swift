import Sluice
import SluiceKafka
import SluiceTesting
import Testing

/// Error paths of the transactional loop, driven by errors injected into librdkafka's mock cluster. The mock has
/// no transaction semantics, so these tests check the classification and the runtime's reaction (rebuild,
/// abort, rewind, stop), not what a read_committed reader would see; that is the job of the broker crash tests.
@Suite("Exactly-once error paths on the mock cluster", .serialized)
struct ExactlyOnceErrorPathTests {
    private func run(
        injecting errors: [KafkaError.Code],
        into api: KafkaMockCluster.API,
        records: Int = 30
    ) throws -> (Result<ApplicationReport, any Error>, InMemoryLogHandler, MetricsRegistry) {
        let cluster = try KafkaMockCluster()
        try cluster.createTopic("eos-in", partitions: 2)
        try cluster.createTopic("eos-out", partitions: 2)
        try cluster.createTopic("eos-app-dlq", partitions: 2)
        let producer = try KafkaProducer(configuration: KafkaTestProfile.producer(bootstrap: cluster.bootstrapServers))
        for index in 0..<records {
            try producer.send(
                KafkaProducerRecord(topic: "eos-in", partition: Int32(index % 2), key: nil, value: [UInt8(index)])
            )
        }
        try producer.close()

        let builder = TopologyBuilder()
        builder.source("eos-in", key: .optional(.bytes), value: .bytes)
            .mapValues { value in value + [1] }
            .to("eos-out", key: .optional(.bytes), value: .bytes)
        var configuration = ApplicationConfiguration(
            applicationID: "eos-app",
            bootstrapServers: [cluster.bootstrapServers]
        )
        configuration.sessionTimeout = .seconds(6)
        configuration.heartbeatInterval = .milliseconds(500)
        configuration.processingGuarantee = .exactlyOnce
        configuration.allowsExactlyOnceOnMockCluster = true
        configuration.commitEveryRecords = 5
        let logs = InMemoryLogHandler()
        let metrics = MetricsRegistry()
        let application = StreamsApplication(
            topology: try builder.build(),
            configuration: configuration,
            logger: Logger(label: "eos-test", handler: logs),
            metrics: metrics
        )
        cluster.pushRequestErrors(api: api, errors)
        let result = Result { try application.run(stopAtEndOfInput: true) }
        return (result, logs, metrics)
    }

    private func count(_ registry: MetricsRegistry, _ name: String) -> Double {
        registry.samples().filter { $0.name == name }.map(\.value).reduce(0, +)
    }

    @Test("without errors every transaction commits and the report counts each input once")
    func happyPath() throws {
        let (result, _, metrics) = try run(injecting: [], into: .endTransaction)
        let report = try result.get()
        #expect(report.consumed["eos-in"] == 30)
        #expect(report.produced["eos-out"] == 30)
        #expect(count(metrics, "sluice_transactions_committed_total") >= 2)
        #expect(count(metrics, "sluice_transactions_aborted_total") == 0)
    }

    @Test("a fenced commit (INVALID_PRODUCER_EPOCH) rebuilds the producer, rewinds, and counts the redone work once")
    func fencedCommit() throws {
        let (result, logs, metrics) = try run(injecting: [.invalidProducerEpoch], into: .endTransaction)
        let report = try result.get()
        #expect(report.consumed["eos-in"] == 30)
        #expect(report.produced["eos-out"] == 30)
        #expect(logs.messages.contains { $0.contains("producer fenced") })
        #expect(count(metrics, "sluice_transactions_aborted_total") >= 1)
    }

    @Test("an abortable offset commit (ILLEGAL_GENERATION) aborts, rewinds and goes on")
    func abortableOffsets() throws {
        let (result, logs, _) = try run(
            injecting: [.illegalGeneration],
            into: .transactionOffsetCommit
        )
        let report = try result.get()
        #expect(report.consumed["eos-in"] == 30)
        #expect(logs.messages.contains { $0.contains("aborting the transaction") || $0.contains("producer fenced") })
    }

    @Test("CONCURRENT_TRANSACTIONS on commit is retried by librdkafka; nothing is aborted")
    func concurrentTransactions() throws {
        let (result, _, metrics) = try run(
            injecting: [.concurrentTransactions, .concurrentTransactions],
            into: .endTransaction
        )
        let report = try result.get()
        #expect(report.consumed["eos-in"] == 30)
        #expect(report.produced["eos-out"] == 30)
        #expect(count(metrics, "sluice_transactions_aborted_total") == 0)
    }

    @Test("a coordinator that moved (NOT_COORDINATOR) during the offset commit is found again; nothing is aborted")
    func coordinatorMoved() throws {
        let (result, _, metrics) = try run(injecting: [.init(rawValue: 16)], into: .transactionOffsetCommit)
        let report = try result.get()
        #expect(report.consumed["eos-in"] == 30)
        #expect(count(metrics, "sluice_transactions_aborted_total") == 0)
    }

    @Test("the coordinator unavailable during commit (COORDINATOR_NOT_AVAILABLE) is retried to success")
    func coordinatorDown() throws {
        let (result, _, _) = try run(
            injecting: [.coordinatorNotAvailable, .coordinatorNotAvailable, .coordinatorNotAvailable],
            into: .endTransaction
        )
        let report = try result.get()
        #expect(report.consumed["eos-in"] == 30)
        #expect(report.produced["eos-out"] == 30)
    }

    @Test("a timed-out offset send (REQUEST_TIMED_OUT) is retried; nothing is lost or counted twice")
    func timedOutOffsets() throws {
        let (result, _, _) = try run(injecting: [.requestTimedOut], into: .transactionOffsetCommit)
        let report = try result.get()
        #expect(report.consumed["eos-in"] == 30)
        #expect(report.produced["eos-out"] == 30)
    }

    @Test("a fatal transaction error (INVALID_TXN_STATE) stops the application with the error")
    func fatal() throws {
        let (result, logs, _) = try run(injecting: [.invalidTransactionState], into: .endTransaction)
        #expect(throws: ApplicationError.self) { try result.get() }
        #expect(logs.messages.contains { $0.contains("stream thread failed") })
    }
}
