/// A consumer group as the broker holds it at one moment.
///
/// It carries what DescribeGroups reports about the group and its members, and also the generation and the
/// leader, which Kafka's DescribeGroups leaves out. Tests read it to tell a rebalance from none: every
/// completed join phase raises the generation, while a static member that rejoins within its session keeps
/// it.
public struct ConsumerGroupSnapshot: Sendable, Equatable {
    /// One member of the group.
    public struct Member: Sendable, Equatable {
        /// The member id the broker gave the member.
        public var memberID: String
        /// The member's `group.instance.id`, or `nil` for a dynamic member.
        public var instanceID: String?
        /// The client id the member's client sent.
        public var clientID: String
    }

    /// The group id.
    public var groupID: String

    /// The group's state, named as DescribeGroups names it: `Empty`, `PreparingRebalance`,
    /// `CompletingRebalance` or `Stable`.
    public var state: String

    /// The generation of the last completed join phase; 0 before the first.
    public var generation: Int32

    /// The member id of the leader, which computes the assignment; empty when the group has no members.
    public var leaderID: String

    /// The members, in the order they first joined.
    public var members: [Member]

    /// Whether the group is stable: every member has its assignment and no rebalance is under way.
    public var isStable: Bool { state == GroupPhase.stable.rawValue }

    /// The member whose `group.instance.id` is `instanceID`, if any.
    ///
    /// - Parameter instanceID: A static member's `group.instance.id`.
    /// - Returns: The member, or `nil` when no member has that instance id.
    public func member(instanceID: String) -> Member? {
        members.first { $0.instanceID == instanceID }
    }
}
