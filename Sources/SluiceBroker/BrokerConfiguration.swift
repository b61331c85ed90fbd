/// Settings of an in-process ``Broker``.
public struct BrokerConfiguration: Sendable {
    /// The address to listen on. Default: `"127.0.0.1"` (loopback only).
    public var host: String = "127.0.0.1"
    /// The TCP port; 0 picks a free one (read it from ``Broker/port`` after ``Broker/start()``). Default: 9092.
    public var port: Int = 9092
    /// The broker's node id in Metadata and FindCoordinator answers. Default: 0.
    public var nodeID: Int32 = 0
    /// Partitions of a topic created on demand or by CreateTopics with -1 partitions. Default: 1.
    public var defaultPartitions: Int = 1
    /// Whether Metadata requests create unknown topics (when the client allows it). Default: `true`.
    public var autoCreateTopics: Bool = true
    /// How long the first join phase of an empty group waits for more members. Default: zero.
    public var initialRebalanceDelay: Duration = .zero
    /// The largest transaction timeout a producer may ask for. Default: 900 seconds.
    public var transactionTimeoutMaximum: Duration = .seconds(900)
    /// How often timeouts (sessions, rebalances, transactions) are checked. Default: 20 milliseconds.
    public var housekeepingInterval: Duration = .milliseconds(20)
    /// Whether to log connections and group and transaction events to standard error. Default: `false`.
    public var logsToStandardError: Bool = false

    /// A configuration with the defaults above.
    public init() {}

    /// A configuration listening on `host` and `port`.
    public init(host: String = "127.0.0.1", port: Int) {
        self.host = host
        self.port = port
    }
}
