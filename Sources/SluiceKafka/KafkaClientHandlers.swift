/// Where a Kafka client reports what happens outside the calls made on it.
///
/// Every handler may be called on one of librdkafka's own threads and must be quick and thread-safe: hand the
/// event over (to a logger, a counter), do no blocking work in it.
public struct KafkaClientHandlers: Sendable {
    /// librdkafka's own log lines.
    public var log: (@Sendable (KafkaLogMessage) -> Void)?
    /// Errors that belong to no call, such as all brokers down or a fatal error.
    public var error: (@Sendable (KafkaError) -> Void)?
    /// librdkafka's statistics JSON, every ``KafkaConfiguration/statisticsInterval``.
    public var statistics: (@Sendable (String) -> Void)?

    /// Creates handlers; all are optional.
    public init(
        log: (@Sendable (KafkaLogMessage) -> Void)? = nil,
        error: (@Sendable (KafkaError) -> Void)? = nil,
        statistics: (@Sendable (String) -> Void)? = nil
    ) {
        self.log = log
        self.error = error
        self.statistics = statistics
    }

    func install(on callbacks: RDKafkaCallbacks) {
        callbacks.log = log
        callbacks.clientError = error
        callbacks.statistics = statistics
    }
}
