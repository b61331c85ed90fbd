import CRdKafka
import Synchronization

/// One librdkafka instance (`rd_kafka_t`): created in `init`, destroyed by ``destroy()`` or `deinit`.
///
/// Every librdkafka call of the wrapper goes through this class and its extensions. librdkafka's instance is
/// thread-safe for the calls used here, and the Swift state (topic handles, the destroyed flag) is behind a mutex,
/// which is why the class is `@unchecked Sendable`.
final class RDKafkaClient: @unchecked Sendable {
    enum Kind {
        case producer
        case consumer
    }

    let handle: OpaquePointer
    let kind: Kind
    let callbacks: RDKafkaCallbacks
    private let retainedCallbacks: Unmanaged<RDKafkaCallbacks>
    private let state = Mutex(State())
    private let alive = Atomic<Bool>(true)

    private struct State {
        var destroyed = false
        var topics: [String: OpaquePointer] = [:]
    }

    /// Creates the instance from rendered properties.
    /// - Throws: ``KafkaError`` with code `invalidArgument` naming the offending property, or librdkafka's reason.
    init(kind: Kind, properties: [String: String], callbacks: RDKafkaCallbacks) throws(KafkaError) {
        let configuration = rd_kafka_conf_new()!
        var errorText = [CChar](repeating: 0, count: 512)
        for (key, value) in properties.sorted(by: { $0.key < $1.key }) {
            let result = rd_kafka_conf_set(configuration, key, value, &errorText, errorText.count)
            if result != RD_KAFKA_CONF_OK {
                rd_kafka_conf_destroy(configuration)
                let shown = KafkaConfiguration.isSecret(key) ? "[redacted]" : value
                throw KafkaError(
                    code: .invalidArgument,
                    message: "configuration \(key)=\(shown): \(errorText.nulTerminatedString)"
                )
            }
        }
        let retained = Unmanaged.passRetained(callbacks)
        callbacks.install(on: configuration, unmanaged: retained, isProducer: kind == .producer)
        let type = kind == .producer ? RD_KAFKA_PRODUCER : RD_KAFKA_CONSUMER
        guard let handle = rd_kafka_new(type, configuration, &errorText, errorText.count) else {
            rd_kafka_conf_destroy(configuration)
            retained.release()
            throw KafkaError(code: .invalidArgument, message: errorText.nulTerminatedString)
        }
        self.handle = handle
        self.kind = kind
        self.callbacks = callbacks
        self.retainedCallbacks = retained
    }

    deinit {
        destroy()
    }

    /// Destroys the C instance once; blocks until librdkafka has stopped its threads.
    func destroy() {
        let topics: [OpaquePointer]? = state.withLock { state in
            guard !state.destroyed else { return nil }
            state.destroyed = true
            defer { state.topics = [:] }
            return Array(state.topics.values)
        }
        guard let topics else { return }
        alive.store(false, ordering: .releasing)
        for topic in topics {
            rd_kafka_topic_destroy(topic)
        }
        rd_kafka_destroy(handle)
        retainedCallbacks.release()
    }

    /// Whether the C instance still exists.
    var isAlive: Bool { alive.load(ordering: .acquiring) }

    /// Throws `_DESTROY` once the instance was destroyed, so a call after `close()` fails instead of touching
    /// freed memory. The owner of a client calls it from one thread; a close racing a call on another thread is
    /// not covered.
    func ensureAlive() throws(KafkaError) {
        guard isAlive else { throw KafkaError(code: .destroy, message: "the client is closed") }
    }

    /// The name librdkafka gave the instance, such as `sluice#producer-1`.
    var name: String {
        String(cString: rd_kafka_name(handle))
    }

    /// A cached topic handle, created on first use and destroyed with the instance.
    func topicHandle(_ topic: String) -> OpaquePointer? {
        state.withLock { state in
            if let cached = state.topics[topic] { return cached }
            guard !state.destroyed, let created = rd_kafka_topic_new(handle, topic, nil) else { return nil }
            state.topics[topic] = created
            return created
        }
    }

    /// Serves queued callbacks (delivery reports, logs, errors) for up to `timeout`.
    @discardableResult
    func poll(timeout: Duration) -> Int32 {
        guard isAlive else { return 0 }
        return rd_kafka_poll(handle, timeout.timeoutMilliseconds)
    }

    /// The instance's fatal error, if one was raised.
    func fatalError() -> KafkaError? {
        guard isAlive else { return nil }
        var buffer = [CChar](repeating: 0, count: 512)
        let code = rd_kafka_fatal_error(handle, &buffer, buffer.count)
        guard code != RD_KAFKA_RESP_ERR_NO_ERROR else { return nil }
        return KafkaError(code: .init(rawValue: code.rawValue), message: buffer.nulTerminatedString, isFatal: true)
    }

    /// Topic metadata for every topic the cluster knows, or for the named ones.
    func metadata(topics: [String]?, timeout: Duration) throws(KafkaError) -> [TopicMetadata] {
        try ensureAlive()
        var metadata: UnsafePointer<rd_kafka_metadata>?
        try RDKafkaErrors.check(rd_kafka_metadata(handle, 1, nil, &metadata, timeout.timeoutMilliseconds))
        guard let metadata else { return [] }
        defer { rd_kafka_metadata_destroy(metadata) }

        var result: [TopicMetadata] = []
        let wanted = topics.map(Set.init)
        for index in 0..<Int(metadata.pointee.topic_cnt) {
            let topic = metadata.pointee.topics[index]
            let name = String(cString: topic.topic)
            if let wanted, !wanted.contains(name) { continue }
            let error = topic.err == RD_KAFKA_RESP_ERR_NO_ERROR ? nil : RDKafkaErrors.error(topic.err)
            result.append(TopicMetadata(name: name, partitionCount: Int(topic.partition_cnt), error: error))
        }
        if let topics {
            let known = Set(result.map(\.name))
            for name in topics where !known.contains(name) {
                result.append(
                    TopicMetadata(
                        name: name,
                        partitionCount: 0,
                        error: KafkaError(code: .unknownTopicOrPartition, message: "topic '\(name)' does not exist")
                    )
                )
            }
        }
        return result
    }

    /// The low and high watermarks of a partition, asked of the broker.
    func watermarks(topic: String, partition: Int32, timeout: Duration) throws(KafkaError) -> (low: Int64, high: Int64)
    {
        try ensureAlive()
        var low: Int64 = -1
        var high: Int64 = -1
        try RDKafkaErrors.check(
            rd_kafka_query_watermark_offsets(handle, topic, partition, &low, &high, timeout.timeoutMilliseconds)
        )
        return (low, high)
    }

    /// For each partition, the earliest offset whose timestamp is at or after the given time (ms), or the end
    /// offset when no such record exists.
    func offsetsForTimes(
        _ times: [TopicPartition: Int64],
        timeout: Duration
    ) throws(KafkaError) -> [TopicPartition: Int64] {
        try ensureAlive()
        let list = RDKafkaTopicPartitionList(times)
        try RDKafkaErrors.check(rd_kafka_offsets_for_times(handle, list.pointer, timeout.timeoutMilliseconds))
        return try list.offsets()
    }
}

extension RDKafkaClient {
    /// The cluster id from metadata, or `nil` when the broker did not say within `timeout`.
    func clusterID(timeout: Duration) -> String? {
        guard isAlive else { return nil }
        guard let pointer = rd_kafka_clusterid(handle, timeout.timeoutMilliseconds) else { return nil }
        defer { rd_kafka_mem_free(handle, pointer) }
        return String(cString: pointer)
    }
}
