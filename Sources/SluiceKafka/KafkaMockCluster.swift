import Synchronization

/// librdkafka's mock cluster, started in this process: a real Kafka-protocol broker on loopback TCP, for tests of
/// plumbing and error handling.
///
/// - Important: It has no transaction semantics: no commit or abort markers, `send_offsets_to_transaction`
///   stores nothing, and nobody is fenced. It keeps about 5 MiB per partition and silently drops older batches,
///   `offsets_for_times` always answers -1, and its Admin API times out. It can never show exactly-once results.
public final class KafkaMockCluster: Sendable {
    /// The Kafka API keys used with ``pushRequestErrors(api:_:)``.
    public struct API: Sendable, Hashable {
        /// The numeric API key.
        public var key: Int16
        /// Produce (0).
        public static let produce = API(key: 0)
        /// Fetch (1).
        public static let fetch = API(key: 1)
        /// ListOffsets (2).
        public static let listOffsets = API(key: 2)
        /// Metadata (3).
        public static let metadata = API(key: 3)
        /// OffsetCommit (8).
        public static let offsetCommit = API(key: 8)
        /// OffsetFetch (9).
        public static let offsetFetch = API(key: 9)
        /// FindCoordinator (10).
        public static let findCoordinator = API(key: 10)
        /// JoinGroup (11).
        public static let joinGroup = API(key: 11)
        /// Heartbeat (12).
        public static let heartbeat = API(key: 12)
        /// InitProducerId (22).
        public static let initProducerID = API(key: 22)
        /// AddPartitionsToTxn (24).
        public static let addPartitionsToTransaction = API(key: 24)
        /// EndTxn (26).
        public static let endTransaction = API(key: 26)
        /// TxnOffsetCommit (28).
        public static let transactionOffsetCommit = API(key: 28)
    }

    private let cluster: RDKafkaMockCluster
    private let stopped = Atomic<Bool>(false)

    /// Starts a mock cluster.
    /// - Parameter brokers: How many brokers it has (ids 1…N). Default: 1.
    public init(brokers: Int = 1) throws(KafkaError) {
        cluster = try RDKafkaMockCluster(brokerCount: brokers)
    }

    deinit {
        stop()
    }

    /// The `host:port,…` bootstrap string of its brokers.
    public var bootstrapServers: String { cluster.bootstrapServers }

    /// Creates a topic (the mock ignores the Admin API).
    public func createTopic(_ name: String, partitions: Int, replicationFactor: Int = 1) throws(KafkaError) {
        try cluster.createTopic(name, partitions: partitions, replicationFactor: replicationFactor)
    }

    /// Makes the next requests of an API fail, one error per request, in order.
    public func pushRequestErrors(api: API, _ codes: [KafkaError.Code]) {
        cluster.pushRequestErrors(apiKey: api.key, codes: codes.map(\.rawValue))
    }

    /// Forgets queued errors of an API.
    public func clearRequestErrors(api: API) {
        cluster.clearRequestErrors(apiKey: api.key)
    }

    /// Takes a broker down: its connections are closed and new ones refused.
    public func setBrokerDown(_ brokerID: Int32) throws(KafkaError) {
        try cluster.setBroker(brokerID, up: false)
    }

    /// Brings a broker back up.
    public func setBrokerUp(_ brokerID: Int32) throws(KafkaError) {
        try cluster.setBroker(brokerID, up: true)
    }

    /// Delays every response of a broker.
    public func setRoundTripTime(_ brokerID: Int32, _ delay: Duration) throws(KafkaError) {
        try cluster.setRoundTripTime(brokerID, milliseconds: delay.timeoutMilliseconds)
    }

    /// Stops the cluster; later calls do nothing.
    public func stop() {
        if !stopped.exchange(true, ordering: .acquiringAndReleasing) {
            cluster.destroy()
        }
    }
}
