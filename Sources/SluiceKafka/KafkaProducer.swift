/// A Kafka producer: idempotent by default, transactional when configured with a transactional id.
///
/// `send` only enqueues: librdkafka batches, compresses and delivers in its own threads, and a dedicated poll
/// thread (never Swift's cooperative pool) serves delivery reports. A failed delivery is counted, handed to the
/// delivery handler, and kept until ``flush(timeout:)`` throws it, so a caller that flushes before committing
/// offsets never commits past a lost record.
///
/// The class wraps one `rd_kafka_t`, which is thread-safe; its own state is atomic, which is why it is
/// `@unchecked Sendable`. The transaction calls must come from one thread at a time, as librdkafka requires.
public final class KafkaProducer: @unchecked Sendable {
    /// The configuration the producer was created with.
    public let configuration: KafkaProducerConfiguration
    let client: RDKafkaClient
    private let pollLoop: RDKafkaPollLoop

    /// Creates a producer and starts its poll thread.
    /// - Parameters:
    ///   - configuration: The producer's options.
    ///   - handlers: Where librdkafka's logs, errors and statistics go.
    ///   - deliveryHandler: Called for every record once it is delivered or failed, on the poll thread.
    /// - Throws: ``KafkaError`` when the configuration is invalid.
    public init(
        configuration: KafkaProducerConfiguration,
        handlers: KafkaClientHandlers = .init(),
        deliveryHandler: (@Sendable (DeliveryReport) -> Void)? = nil
    ) throws(KafkaError) {
        self.configuration = configuration
        let callbacks = RDKafkaCallbacks()
        handlers.install(on: callbacks)
        callbacks.delivery = deliveryHandler
        client = try RDKafkaClient(kind: .producer, properties: configuration.render(), callbacks: callbacks)
        pollLoop = RDKafkaPollLoop(client: client, name: "sluice-producer-poll")
    }

    deinit {
        pollLoop.stop()
        client.destroy()
    }

    /// Records acknowledged by the cluster so far.
    public var deliveredCount: Int { client.callbacks.deliveredCount.load(ordering: .relaxed) }

    /// Records whose delivery failed so far.
    public var failedCount: Int { client.callbacks.failedCount.load(ordering: .relaxed) }

    /// Records enqueued but not yet delivered or failed.
    public var outstandingCount: Int { client.outstandingCount }

    /// Enqueues one record. Waits while librdkafka's local queue is full.
    /// - Throws: ``KafkaError`` when the record cannot be enqueued (unknown partition, record too large, closed).
    public func send(_ record: KafkaProducerRecord) throws(KafkaError) {
        while true {
            do {
                try client.produce(record)
                return
            } catch  where error.code == .queueFull {
                client.poll(timeout: .milliseconds(5))
            }
        }
    }

    /// Enqueues records in order. Stops at the first record that cannot be enqueued.
    public func send<Records: Sequence<KafkaProducerRecord>>(contentsOf records: Records) throws(KafkaError) {
        for record in records {
            try send(record)
        }
    }

    /// Waits until every enqueued record is delivered or failed.
    /// - Throws: ``KafkaError`` `timedOut` when records are still outstanding, or the first delivery failure since
    ///   the last flush.
    public func flush(timeout: Duration = .seconds(60)) throws(KafkaError) {
        try client.flush(timeout: timeout)
        if let failure = client.callbacks.takeDeliveryError() {
            throw failure
        }
    }

    /// Takes the first delivery failure since the last call, if any.
    public func takeDeliveryError() -> KafkaError? {
        client.callbacks.takeDeliveryError()
    }

    /// Topic metadata from the cluster.
    /// - Parameter topics: The topics to describe, or `nil` for all.
    public func metadata(topics: [String]? = nil, timeout: Duration = .seconds(10)) throws(KafkaError)
        -> [TopicMetadata]
    {
        try client.metadata(topics: topics, timeout: timeout)
    }

    /// The partition count of a topic.
    /// - Throws: ``KafkaError`` `unknownTopicOrPartition` when the topic does not exist.
    public func partitionCount(of topic: String, timeout: Duration = .seconds(10)) throws(KafkaError) -> Int {
        guard let described = try metadata(topics: [topic], timeout: timeout).first else {
            throw KafkaError(code: .unknownTopicOrPartition, message: "topic '\(topic)' does not exist")
        }
        if let error = described.error { throw error }
        return described.partitionCount
    }

    /// The fatal error of this producer, if one was raised (fenced, for example).
    public var fatalError: KafkaError? { client.fatalError() }

    // MARK: - Transactions

    /// Registers the transactional id with the coordinator, fencing older instances with the same id and aborting
    /// their open transaction. Call once before the first transaction.
    public func initTransactions(timeout: Duration = .seconds(30)) throws(KafkaError) {
        try client.initTransactions(timeout: timeout)
    }

    /// Starts a transaction; every record sent until commit or abort belongs to it.
    public func beginTransaction() throws(KafkaError) {
        try client.beginTransaction()
    }

    /// Adds a consumer's offsets to the transaction: they are committed for the consumer's group if and only if
    /// the transaction commits. The group metadata lets the coordinator fence a member of an older generation.
    /// - Parameter offsets: The next offset to read for each partition (the consumer's position).
    public func sendOffsetsToTransaction(
        _ offsets: [TopicPartition: Int64],
        groupMetadata: KafkaGroupMetadata,
        timeout: Duration = .seconds(30)
    ) throws(KafkaError) {
        try client.sendOffsetsToTransaction(offsets, groupMetadata: groupMetadata, timeout: timeout)
    }

    /// Flushes and commits the transaction.
    /// - Throws: ``KafkaError``; when ``KafkaError/transactionRequiresAbort`` is set, call
    ///   ``abortTransaction(timeout:)``; when ``KafkaError/isFatal`` is set, the producer is unusable.
    public func commitTransaction(timeout: Duration = .seconds(30)) throws(KafkaError) {
        try client.commitTransaction(timeout: timeout)
    }

    /// Aborts the transaction: its records are never visible to read_committed consumers.
    public func abortTransaction(timeout: Duration = .seconds(30)) throws(KafkaError) {
        try client.abortTransaction(timeout: timeout)
        _ = client.callbacks.takeDeliveryError()
    }

    // MARK: - Closing

    /// Flushes outstanding records (not for a transactional producer, whose open transaction is left to the
    /// broker), stops the poll thread and destroys the C instance; later calls return at once, and any other
    /// call afterwards throws `_DESTROY`.
    /// - Throws: The flush error, after closing all the same.
    public func close(timeout: Duration = .seconds(30)) throws(KafkaError) {
        guard client.isAlive else { return }
        var flushError: KafkaError?
        if configuration.transactionalID == nil {
            do {
                try flush(timeout: timeout)
            } catch {
                flushError = error
            }
        }
        pollLoop.stop()
        client.destroy()
        if let flushError { throw flushError }
    }
}
