/// An error from Kafka or from librdkafka, with the flags librdkafka attaches to it.
///
/// Equality compares the code only, so `error == KafkaError(code: .fenced)`-style checks read naturally.
/// The flags follow librdkafka's classification: ``isFatal`` means the client instance is unusable,
/// ``isRetriable`` means the same call may succeed again, ``transactionRequiresAbort`` means the current
/// transaction must be aborted before the producer can go on.
public struct KafkaError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A librdkafka error code (`rd_kafka_resp_err_t`): negative codes are local to the client, positive ones come
    /// from the broker, as in Kafka's protocol.
    public struct Code: Sendable, Hashable, RawRepresentable, CustomStringConvertible {
        /// The numeric `rd_kafka_resp_err_t` value.
        public var rawValue: Int32
        /// Wraps a numeric `rd_kafka_resp_err_t` value.
        public init(rawValue: Int32) { self.rawValue = rawValue }

        /// `RD_KAFKA_RESP_ERR_NO_ERROR`.
        public static let noError = Code(rawValue: 0)
        /// Local: the message timed out before delivery.
        public static let messageTimedOut = Code(rawValue: -192)
        /// Local: the broker transport failed.
        public static let transport = Code(rawValue: -195)
        /// Local: every broker is down.
        public static let allBrokersDown = Code(rawValue: -187)
        /// Local: the operation timed out.
        public static let timedOut = Code(rawValue: -185)
        /// Local: the producer's queue is full.
        public static let queueFull = Code(rawValue: -184)
        /// Local: an invalid argument or configuration.
        public static let invalidArgument = Code(rawValue: -186)
        /// Local: unknown topic.
        public static let unknownTopic = Code(rawValue: -188)
        /// Local: unknown partition.
        public static let unknownPartition = Code(rawValue: -190)
        /// Local: the end of a partition was reached (only with `enable.partition.eof`).
        public static let partitionEOF = Code(rawValue: -191)
        /// Local: the producer was fenced by a newer instance with the same transactional id.
        public static let fenced = Code(rawValue: -144)
        /// Local: a fatal error was raised; see ``KafkaError/isFatal``.
        public static let fatal = Code(rawValue: -150)
        /// Local: the instance is being destroyed.
        public static let destroy = Code(rawValue: -197)
        /// Local: the state does not allow this call.
        public static let state = Code(rawValue: -172)
        /// Local: the feature is not supported by the broker.
        public static let unsupportedFeature = Code(rawValue: -165)
        /// Local: a message's serialized form is malformed.
        public static let badMessage = Code(rawValue: -199)
        /// Broker: the topic or partition does not exist.
        public static let unknownTopicOrPartition = Code(rawValue: 3)
        /// Broker: the request timed out.
        public static let requestTimedOut = Code(rawValue: 7)
        /// Broker: not enough in-sync replicas.
        public static let notEnoughReplicas = Code(rawValue: 19)
        /// Broker: the coordinator is not available.
        public static let coordinatorNotAvailable = Code(rawValue: 15)
        /// Broker: the group generation is stale.
        public static let illegalGeneration = Code(rawValue: 22)
        /// Broker: the member shares no assignment strategy with the rest of its group.
        public static let inconsistentGroupProtocol = Code(rawValue: 23)
        /// Broker: the member is unknown to the group.
        public static let unknownMemberID = Code(rawValue: 25)
        /// Broker: a rebalance is in progress.
        public static let rebalanceInProgress = Code(rawValue: 27)
        /// Broker: the topic already exists.
        public static let topicAlreadyExists = Code(rawValue: 36)
        /// Broker: the producer's epoch is older than the coordinator's.
        public static let invalidProducerEpoch = Code(rawValue: 47)
        /// Broker: the transaction state does not allow this request.
        public static let invalidTransactionState = Code(rawValue: 48)
        /// Broker: a commit or abort of this transactional id is still completing.
        public static let concurrentTransactions = Code(rawValue: 51)
        /// Broker: the producer was fenced.
        public static let producerFenced = Code(rawValue: 90)

        /// The librdkafka name of the code, e.g. `_TIMED_OUT` or `NOT_LEADER_FOR_PARTITION`.
        public var name: String { RDKafkaErrors.name(of: rawValue) }

        public var description: String { "\(name) (\(rawValue))" }
    }

    /// The error's code.
    public var code: Code
    /// librdkafka's or the broker's explanation.
    public var message: String
    /// The client instance is unusable after this error: close it and create a new one.
    public var isFatal: Bool
    /// The same call may succeed if tried again.
    public var isRetriable: Bool
    /// The current transaction must be aborted before the producer can go on.
    public var transactionRequiresAbort: Bool
    /// Where the error was raised in this library.
    public var file: String
    /// The line in ``file`` where the error was raised.
    public var line: UInt

    /// Creates an error.
    public init(
        code: Code,
        message: String? = nil,
        isFatal: Bool = false,
        isRetriable: Bool = false,
        transactionRequiresAbort: Bool = false,
        file: String = #fileID,
        line: UInt = #line
    ) {
        self.code = code
        self.message = message ?? RDKafkaErrors.description(of: code.rawValue)
        self.isFatal = isFatal
        self.isRetriable = isRetriable
        self.transactionRequiresAbort = transactionRequiresAbort
        self.file = file
        self.line = line
    }

    /// The name of the code, as librdkafka spells it.
    public var name: String { code.name }

    /// `true` when the producer lost its transactional identity to a newer instance (a zombie): the task must be
    /// treated as migrated and the producer rebuilt.
    public var isFenced: Bool {
        code == .fenced || code == .producerFenced || code == .invalidProducerEpoch
    }

    public var description: String {
        var flags: [String] = []
        if isFatal { flags.append("fatal") }
        if isRetriable { flags.append("retriable") }
        if transactionRequiresAbort { flags.append("abort required") }
        let suffix = flags.isEmpty ? "" : " [\(flags.joined(separator: ", "))]"
        return "\(code.name): \(message)\(suffix)"
    }

    public static func == (lhs: KafkaError, rhs: KafkaError) -> Bool { lhs.code == rhs.code }

    public func hash(into hasher: inout Hasher) { hasher.combine(code) }
}
