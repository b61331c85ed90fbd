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
    /// Where the log segments and the metadata journal live; `nil` keeps everything in memory only.
    /// Default: `nil`.
    ///
    /// - Important: Two brokers must never share a directory; nothing locks it.
    public var dataDirectory: String?
    /// When written data is forced to the disk (with `dataDirectory`). Default: ``FsyncPolicy/never``, which
    /// survives a kill of the broker process but not a machine crash.
    public var fsync: FsyncPolicy = .never
    /// The size at which a partition's active segment is closed and a new one started. Default: 64 MiB.
    public var segmentBytes: Int = 64 * 1024 * 1024
    /// Bytes of log between two entries of a segment's offset and time indexes. Default: 4096.
    public var indexIntervalBytes: Int = 4096
    /// A loopback port for fault-injection commands (see ``Broker/controlPort``); 0 picks a free one, `nil`
    /// opens none. Default: `nil`.
    public var controlPort: Int?
    /// How often retention and compaction run (with ``Broker/compactNow()`` for tests). Default: 30 seconds.
    public var cleanerInterval: Duration = .seconds(30)

    /// A configuration with the defaults above.
    public init() {}

    /// A configuration listening on `host` and `port`.
    public init(host: String = "127.0.0.1", port: Int) {
        self.host = host
        self.port = port
    }
}
