import Foundation
import SluiceKafka

/// How a ``StreamsApplication`` runs a topology: its identity, its cluster, its threads, and what it does with
/// records it cannot process.
public struct ApplicationConfiguration: Sendable {
    /// What the runtime promises about each input record's effect on the output.
    public struct ProcessingGuarantee: Sendable, Hashable, CustomStringConvertible {
        /// The guarantee's name as logs and `--help` print it.
        public var description: String
        /// Offsets are committed only after every output the records caused is acknowledged: after a crash a
        /// record may be processed again (duplicates), never lost.
        public static let atLeastOnce = ProcessingGuarantee(description: "at_least_once")
        /// Each stream thread's output, state changes and consumed offsets commit in one Kafka transaction
        /// (KIP-447): a read_committed reader downstream sees every input's effect exactly once, through crashes,
        /// rebalances and fenced zombies. Needs a broker with transaction semantics; librdkafka's mock cluster
        /// is refused at start.
        public static let exactlyOnce = ProcessingGuarantee(description: "exactly_once")
    }

    /// What happens to a record that fails to deserialize, or whose processing throws.
    public struct ErrorHandling: Sendable, Hashable, CustomStringConvertible {
        /// The policy's name.
        public var description: String
        /// Stop the application with the error; the record's offset is not committed.
        public static let fail = ErrorHandling(description: "fail")
        /// Count and log the record (rate-limited), then go on.
        public static let skip = ErrorHandling(description: "skip")
        /// Send the record, untouched, to the dead-letter topic with headers naming its source topic, partition,
        /// offset, the operator and the error; count it and go on.
        public static let deadLetter = ErrorHandling(description: "dead_letter")
    }

    /// The application id: the consumer group, and the prefix of internal topics. Required.
    public var applicationID: String
    /// The shared client options (bootstrap servers, client id, raw properties for both clients).
    public var kafka: KafkaConfiguration
    /// The processing guarantee. Default: `.exactlyOnce`.
    public var processingGuarantee: ProcessingGuarantee = .exactlyOnce
    /// Stream threads in this process; each owns one consumer and one producer. Default: 1.
    public var streamThreads: Int = 1
    /// How often each thread commits. Default: `nil`, meaning 100 ms under exactly-once and 1 s under
    /// at-least-once.
    public var commitInterval: Duration?
    /// Commit after this many records even before the interval is up. Default: `nil` (the interval alone).
    public var commitEveryRecords: Int?
    /// How long the broker lets a transaction stay open before aborting it; bounds how long a dead worker's open
    /// transaction holds read_committed readers. Default: 10 s.
    public var transactionTimeout: Duration = .seconds(10)
    /// Static membership: this process's stable instance id. Each thread joins as `<id>-<thread>`, and its
    /// transactional id derives from it, so a restarted worker fences its dead predecessor at once and gets its
    /// partitions back without a rebalance. Default: `nil` (dynamic membership, a random process instance id).
    public var groupInstanceID: String?
    /// What happens to records that cannot be processed. Default: `.deadLetter`.
    public var errorHandling: ErrorHandling = .deadLetter
    /// What happens to a record that arrives after its windows closed: it is always counted
    /// (`sluice_records_late_total`); `.deadLetter` also sends it to the dead-letter topic. Default: `.deadLetter`.
    public var lateRecords: LateRecordHandling = .deadLetter
    /// The engine of state stores. Default: `.inMemory`.
    public var storeEngine: StoreEngine = .inMemory
    /// Where persistent stores and checkpoints live: `<stateDirectory>/<application id>/<task>/`. Default:
    /// `sluice-state` under the system's temporary directory; give each instance on one machine its own.
    public var stateDirectory: String = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-state")
        .path
    /// The dead-letter topic. Default: `nil`, meaning `<applicationID>-dlq`.
    public var deadLetterTopic: String?
    /// The most records one poll hands to a thread. Default: 2,000.
    public var pollBatchSize: Int = 2_000
    /// How long start-up may take to reach the cluster and find the topics before it fails. Default: 30 s.
    public var startupTimeout: Duration = .seconds(30)
    /// Compression for output records. Default: `.none`.
    public var compression: KafkaProducerConfiguration.Compression = .none
    /// The consumer's partition assignment strategy. Default: `nil`, meaning `.cooperativeSticky`, or `.eager`
    /// (range) for a topology with a sub-topology that reads several topics together, which only the range
    /// assignor keeps on one member; an explicit `.cooperativeSticky` is refused for such a topology.
    ///
    /// Every member of a group must use the same protocol: to change it, stop every worker of the application
    /// first (librdkafka cannot list an eager and a cooperative strategy together for a rolling change).
    ///
    /// - Important: librdkafka 2.0.2 (Debian 12) can restart the partitions a member keeps through a
    ///   cooperative rebalance from a stale fetch position (issues 4637 and 4686, fixed in 2.4.0); the crash
    ///   harness saw records skipped under exactly-once. The stream threads therefore seek each kept partition
    ///   that has a processed position back to it once the rebalance is over, and drop any record below it.
    ///   Before they close they wait for a pending assignment (closing a cooperative consumer before its first
    ///   assignment aborts that librdkafka, issue 4312) and then unsubscribe and wait until their partitions are
    ///   revoked (closing while an assignment arrives can hang, issue 4527); each wait is at most the session
    ///   timeout and 10 s, and the first abort remains possible when it runs out.
    public var assignmentStrategy: KafkaConsumerConfiguration.AssignmentStrategy?
    /// How long the group waits for a silent member. Default: 45 s.
    public var sessionTimeout: Duration = .seconds(45)
    /// How often members heartbeat. Default: 3 s.
    public var heartbeatInterval: Duration = .seconds(3)
    /// Serve `/metrics` (Prometheus text), `/healthz` and `/readyz` on this address while the application runs.
    /// Default: `nil` (off).
    public var metricsServer: MetricsServer.Configuration?
    /// Trace sampling and span export. Default: `traceparent` headers are continued, nothing is sampled or
    /// exported.
    public var tracing = TracingConfiguration()
    /// How often librdkafka reports the statistics the consumer-lag gauges are computed from. Default: 5 s.
    public var statisticsInterval: Duration = .seconds(5)
    /// Lets exactly-once run on librdkafka's mock cluster, which cannot keep the promise; for tests of error
    /// paths only.
    package var allowsExactlyOnceOnMockCluster = false
    /// Raw librdkafka properties for the consumers only, applied last.
    public var consumerProperties: [String: String] = [:]
    /// Raw librdkafka properties for the producers only, applied last.
    public var producerProperties: [String: String] = [:]
    /// Run as a replay: sources process only the replayed stretch of their input, and outputs go to topics with
    /// the replay's suffix. Needs a bounded run (``StreamsApplication/run(stopAtEndOfInput:)`` with `true`); see
    /// ``Replay``. Default: `nil` (a normal run).
    public var replay: ReplayOptions?

    /// Creates a configuration with the documented defaults.
    /// - Parameters:
    ///   - applicationID: The application id (consumer group and internal-topic prefix).
    ///   - bootstrapServers: `host:port` strings of the cluster.
    public init(applicationID: String, bootstrapServers: [String]) {
        self.applicationID = applicationID
        self.kafka = KafkaConfiguration(bootstrapServers: bootstrapServers)
        self.kafka.clientID = applicationID
    }

    /// The dead-letter topic in use, with a replay's output suffix.
    public var resolvedDeadLetterTopic: String {
        (deadLetterTopic ?? "\(applicationID)-dlq") + (replay?.outputSuffix ?? "")
    }

    /// The commit interval in use.
    public var resolvedCommitInterval: Duration {
        commitInterval ?? (processingGuarantee == .exactlyOnce ? .milliseconds(100) : .seconds(1))
    }

    /// The transactional id of one stream thread: stable across restarts with static membership, else unique
    /// to this process.
    func transactionalID(threadIndex: Int, processInstanceID: String) -> String {
        "\(applicationID)-\(groupInstanceID ?? processInstanceID)-\(threadIndex)"
    }

    /// The consumer of one stream thread, or with `joinsGroup: false` of a helper that only reads offsets
    /// (drain checks, restores, resets): helpers never subscribe, so they always use the eager strategy, which
    /// a cooperative consumer closed before any assignment would otherwise need (librdkafka issue 4312).
    func consumerConfiguration(threadIndex: Int, joinsGroup: Bool = false) -> KafkaConsumerConfiguration {
        var consumer = KafkaConsumerConfiguration()
        consumer.common = kafka
        consumer.common.clientID = "\(kafka.clientID)-stream-\(threadIndex)"
        consumer.groupID = applicationID
        consumer.assignmentStrategy = joinsGroup ? assignmentStrategy ?? .cooperativeSticky : .eager
        consumer.sessionTimeout = sessionTimeout
        consumer.heartbeatInterval = heartbeatInterval
        consumer.isolationLevel = .readCommitted
        consumer.groupInstanceID = groupInstanceID.map { "\($0)-\(threadIndex)" }
        consumer.common.statisticsInterval = statisticsInterval
        consumer.offsetReset = .earliest
        consumer.common.properties.merge(consumerProperties) { _, raw in raw }
        return consumer
    }

    func producerConfiguration(threadIndex: Int, processInstanceID: String) -> KafkaProducerConfiguration {
        var producer = KafkaProducerConfiguration()
        if processingGuarantee == .exactlyOnce {
            producer.transactionalID = transactionalID(threadIndex: threadIndex, processInstanceID: processInstanceID)
            producer.transactionTimeout = transactionTimeout
        }
        producer.common = kafka
        producer.common.clientID = "\(kafka.clientID)-stream-\(threadIndex)-producer"
        producer.compression = compression
        producer.common.properties.merge(producerProperties) { _, raw in raw }
        return producer
    }
}
