import CRdKafka

/// A Kafka consumer: group membership with rebalance events, batched polls of owned records, commits, seeks,
/// pause and resume, positions, watermarks and offsets for times.
///
/// One thread polls it. Rebalance events, logs and errors are served inside ``poll(maxRecords:timeout:)`` on that
/// thread, so a handler that commits on revocation commits before the partitions are given up. The other calls
/// are thread-safe in librdkafka; the only Swift state, a cache of topic names, is touched by `poll` alone, which
/// is why the class is `@unchecked Sendable`.
public final class KafkaConsumer: @unchecked Sendable {
    /// What one poll returned.
    public struct PollResult: Sendable {
        /// Records in offset order per partition.
        public var records: [KafkaRecord] = []
        /// Partitions whose end was reached (only with ``KafkaConsumerConfiguration/enablePartitionEOF``).
        public var partitionsAtEnd: [TopicPartition] = []
        /// Errors that did not stop the consumer (a broker went away, an unknown topic), to be logged.
        public var errors: [KafkaError] = []

        /// Creates an empty result.
        public init() {}
    }

    /// The configuration the consumer was created with.
    public let configuration: KafkaConsumerConfiguration
    let client: RDKafkaClient
    private var topicNames: [OpaquePointer: String] = [:]

    /// Creates a consumer.
    /// - Parameters:
    ///   - configuration: The consumer's options.
    ///   - handlers: Where librdkafka's logs, errors and statistics go.
    ///   - rebalanceHandler: Called inside `poll` when partitions are assigned (after librdkafka took them) or
    ///     revoked or lost (before it gives them up).
    /// - Throws: ``KafkaError`` when the configuration is invalid.
    public init(
        configuration: KafkaConsumerConfiguration,
        handlers: KafkaClientHandlers = .init(),
        rebalanceHandler: ((RebalanceEvent) -> Void)? = nil
    ) throws(KafkaError) {
        self.configuration = configuration
        let callbacks = RDKafkaCallbacks()
        handlers.install(on: callbacks)
        callbacks.rebalance = { client, code, partitions in
            let changed = RDKafkaTopicPartitionList.partitions(of: partitions)
            if code == RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS {
                let failure = RDKafkaRebalance.applyDefault(client: client, code: code, partitions: partitions)
                if let failure {
                    handlers.error?(KafkaError(code: .state, message: "assigning \(changed): \(failure)"))
                }
                rebalanceHandler?(.assigned(changed))
            } else {
                let lost = RDKafkaRebalance.isLost(client)
                rebalanceHandler?(lost ? .lost(changed) : .revoked(changed))
                let failure = RDKafkaRebalance.applyDefault(client: client, code: code, partitions: partitions)
                if let failure {
                    handlers.error?(KafkaError(code: .state, message: "revoking \(changed): \(failure)"))
                }
            }
        }
        client = try RDKafkaClient(kind: .consumer, properties: configuration.render(), callbacks: callbacks)
        client.routeEventsToConsumerQueue()
    }

    deinit {
        client.destroy()
    }

    /// Joins the group and subscribes to the topics; partitions arrive as ``RebalanceEvent/assigned(_:)``.
    public func subscribe(topics: [String]) throws(KafkaError) {
        try client.subscribe(topics: topics)
    }

    /// Drops the subscription; the partitions are revoked through the rebalance handler during later polls.
    public func unsubscribe() throws(KafkaError) {
        try client.unsubscribe()
    }

    /// Reads the given partitions without group management, each from its offset (or a ``KafkaOffset``).
    public func assign(_ offsets: [TopicPartition: Int64]) throws(KafkaError) {
        try client.assign(offsets)
    }

    /// The partitions currently assigned.
    public func assignment() throws(KafkaError) -> [TopicPartition] {
        try client.assignment()
    }

    /// Waits up to `timeout` for a record and returns it with the others already fetched, up to `maxRecords`,
    /// serving rebalance events, logs and errors on the way. It never waits to fill the batch.
    /// - Throws: ``KafkaError`` when the consumer hit a fatal error (for example a fenced static member).
    public func poll(maxRecords: Int = 1_000, timeout: Duration) throws(KafkaError) -> PollResult {
        let result = client.consumeBatch(maxRecords: max(maxRecords, 1), timeout: timeout, topicNames: &topicNames)
        if result.errors.contains(where: { $0.code == .fatal }), let fatal = client.fatalError() {
            throw fatal
        }
        return result
    }

    /// Commits offsets for the group and waits for the answer.
    /// - Parameter offsets: The next offset to read per partition; `nil` commits the current positions.
    public func commit(_ offsets: [TopicPartition: Int64]? = nil) throws(KafkaError) {
        try client.commit(offsets, asynchronously: false)
    }

    /// Sends a commit without waiting; a failure is reported through the error handler.
    public func commitAsync(_ offsets: [TopicPartition: Int64]? = nil) throws(KafkaError) {
        try client.commit(offsets, asynchronously: true)
    }

    /// The group's committed offsets; ``KafkaOffset/invalid`` for a partition never committed.
    public func committed(_ partitions: [TopicPartition], timeout: Duration = .seconds(10)) throws(KafkaError)
        -> [TopicPartition: Int64]
    {
        try client.committed(partitions, timeout: timeout)
    }

    /// The next offset this consumer will read per partition (``KafkaOffset/invalid`` before the first fetch).
    public func position(_ partitions: [TopicPartition]) throws(KafkaError) -> [TopicPartition: Int64] {
        try client.position(partitions)
    }

    /// Moves the read position of assigned partitions.
    public func seek(_ offsets: [TopicPartition: Int64], timeout: Duration = .seconds(10)) throws(KafkaError) {
        try client.seek(offsets, timeout: timeout)
    }

    /// Stops fetching from the partitions; their assignment is kept.
    public func pause(_ partitions: [TopicPartition]) throws(KafkaError) {
        try client.pause(partitions)
    }

    /// Resumes fetching from paused partitions.
    public func resume(_ partitions: [TopicPartition]) throws(KafkaError) {
        try client.resume(partitions)
    }

    /// The low and high watermarks of a partition, asked of the broker (the high one is the last stable offset
    /// for a read_committed consumer).
    public func watermarks(topic: String, partition: Int32, timeout: Duration = .seconds(10)) throws(KafkaError)
        -> (low: Int64, high: Int64)
    {
        try client.watermarks(topic: topic, partition: partition, timeout: timeout)
    }

    /// For each partition, the earliest offset whose timestamp is at or after the given time in milliseconds
    /// since the epoch, or the end offset when there is none.
    public func offsetsForTimes(_ times: [TopicPartition: Int64], timeout: Duration = .seconds(10)) throws(KafkaError)
        -> [TopicPartition: Int64]
    {
        try client.offsetsForTimes(times, timeout: timeout)
    }

    /// Topic metadata from the cluster.
    public func metadata(topics: [String]? = nil, timeout: Duration = .seconds(10)) throws(KafkaError)
        -> [TopicMetadata]
    {
        try client.metadata(topics: topics, timeout: timeout)
    }

    /// The group metadata to send with a transaction's offsets (KIP-447).
    public func groupMetadata() throws(KafkaError) -> KafkaGroupMetadata {
        guard let metadata = client.groupMetadata() else {
            throw KafkaError(code: .state, message: "the consumer has no group metadata (no group.id)")
        }
        return metadata
    }

    /// The consumer's fatal error, if one was raised.
    public var fatalError: KafkaError? { client.fatalError() }

    /// Leaves the group (the rebalance handler sees the revocation first) and destroys the C instance; later
    /// calls return at once, and any other call afterwards throws `_DESTROY`.
    public func close() throws(KafkaError) {
        guard client.isAlive else { return }
        defer { client.destroy() }
        if configuration.groupID != nil {
            try client.closeConsumer()
        }
    }
}
