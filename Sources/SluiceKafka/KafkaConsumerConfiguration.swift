/// Options for a ``KafkaConsumer``.
public struct KafkaConsumerConfiguration: Sendable, Hashable {
    /// How partitions are spread over a group's members.
    public struct AssignmentStrategy: Sendable, Hashable, CustomStringConvertible {
        /// librdkafka's `partition.assignment.strategy` value.
        public var description: String
        /// Cooperative sticky: a rebalance moves only the partitions that change owner; the others keep running.
        ///
        /// - Important: librdkafka before 2.3.0 aborts the process when a cooperative-sticky consumer is destroyed
        ///   before its first assignment (librdkafka issue 4312, fixed by pull request 4381). Debian 12 ships
        ///   2.0.2, so a consumer shut down while it is still joining its group can crash; consumers without a
        ///   group id (assign-only) always use the eager strategy for this reason. And in 2.0.2 a cooperative
        ///   rebalance can restart the partitions a member keeps from a stale fetch position (librdkafka issue
        ///   4637, fixed in 2.4.0): duplicates for at-least-once readers, skipped offsets for exactly-once ones.
        ///   A plain consumer therefore defaults to `.eager`; Sluice's stream threads use cooperative-sticky with
        ///   workarounds for both (they seek kept partitions after each rebalance and wait for a pending
        ///   assignment before closing).
        public static let cooperativeSticky = AssignmentStrategy(description: "cooperative-sticky")
        /// Eager range, then round robin: every member gives up every partition at each rebalance.
        public static let eager = AssignmentStrategy(description: "range,roundrobin")
    }

    /// Which records a consumer sees from transactional producers.
    public struct IsolationLevel: Sendable, Hashable, CustomStringConvertible {
        /// librdkafka's `isolation.level` value.
        public var description: String
        /// Only committed transactions, up to the last stable offset.
        public static let readCommitted = IsolationLevel(description: "read_committed")
        /// Everything, aborted and open transactions included.
        public static let readUncommitted = IsolationLevel(description: "read_uncommitted")
    }

    /// Where a partition with no committed offset starts.
    public struct OffsetReset: Sendable, Hashable, CustomStringConvertible {
        /// librdkafka's `auto.offset.reset` value.
        public var description: String
        /// The oldest retained record.
        public static let earliest = OffsetReset(description: "earliest")
        /// The end of the partition.
        public static let latest = OffsetReset(description: "latest")
        /// Fail with an error.
        public static let error = OffsetReset(description: "error")
    }

    /// The shared client options.
    public var common: KafkaConfiguration = .init()
    /// The consumer group; required for ``KafkaConsumer/subscribe(topics:)`` and commits. Default: `nil`.
    public var groupID: String?
    /// The static member id (`group.instance.id`): a restart within the session timeout keeps its partitions.
    /// Default: `nil` (dynamic membership).
    public var groupInstanceID: String?
    /// The partition assignment strategy. Default: `.eager`, because librdkafka 2.0.2's cooperative protocol can
    /// restart retained partitions from a stale position (see ``AssignmentStrategy/cooperativeSticky``).
    public var assignmentStrategy: AssignmentStrategy = .eager
    /// Which transactional records are visible. Default: `.readCommitted`.
    public var isolationLevel: IsolationLevel = .readCommitted
    /// Where a partition with no committed offset starts. Default: `.earliest`.
    public var offsetReset: OffsetReset = .earliest
    /// How long the group waits for a silent member before removing it. Default: 45 s (tests use 6 s).
    public var sessionTimeout: Duration = .seconds(45)
    /// How often the member heartbeats. Default: 3 s (tests use 500 ms).
    public var heartbeatInterval: Duration = .seconds(3)
    /// The longest gap between polls before the member is considered stuck and leaves the group. Default: 300 s.
    public var maxPollInterval: Duration = .seconds(300)
    /// Automatic offset commits; Sluice commits explicitly, so this stays off. Default: `false`.
    public var enableAutoCommit: Bool = false
    /// The fewest records librdkafka tries to keep prefetched per partition. Default: 100,000.
    public var queuedMinMessages: Int = 100_000
    /// How long the broker may hold a fetch waiting for data. Default: 100 ms.
    public var fetchMaxWait: Duration = .milliseconds(100)
    /// Report reaching the end of a partition as a ``KafkaConsumer/PollResult`` event. Default: `false`.
    public var enablePartitionEOF: Bool = false

    /// Creates a configuration with the documented defaults.
    public init() {}

    /// Creates a configuration for the given bootstrap servers and group.
    public init(bootstrapServers: [String], groupID: String?) {
        common.bootstrapServers = bootstrapServers
        self.groupID = groupID
    }

    /// The full librdkafka property map, raw properties applied last.
    public func render() -> [String: String] {
        var rendered = common.renderCommon()
        // librdkafka needs a group id even to assign partitions by hand; an assign-only consumer gets a private
        // one and never joins or commits with it.
        rendered["group.id"] = groupID ?? "sluice-assign-only"
        if let groupInstanceID { rendered["group.instance.id"] = groupInstanceID }
        // An assign-only consumer never runs an assignor; eager keeps librdkafka 2.0.2's cooperative-sticky
        // destroy crash (see ``AssignmentStrategy/cooperativeSticky``) away from it.
        rendered["partition.assignment.strategy"] =
            groupID == nil ? AssignmentStrategy.eager.description : assignmentStrategy.description
        rendered["isolation.level"] = isolationLevel.description
        rendered["auto.offset.reset"] = offsetReset.description
        rendered["session.timeout.ms"] = String(sessionTimeout.milliseconds)
        rendered["heartbeat.interval.ms"] = String(heartbeatInterval.milliseconds)
        rendered["max.poll.interval.ms"] = String(maxPollInterval.milliseconds)
        rendered["enable.auto.commit"] = enableAutoCommit ? "true" : "false"
        rendered["enable.auto.offset.store"] = "false"
        rendered["queued.min.messages"] = String(queuedMinMessages)
        rendered["fetch.wait.max.ms"] = String(fetchMaxWait.milliseconds)
        rendered["enable.partition.eof"] = enablePartitionEOF ? "true" : "false"
        rendered.merge(common.properties) { _, raw in raw }
        return rendered
    }
}
