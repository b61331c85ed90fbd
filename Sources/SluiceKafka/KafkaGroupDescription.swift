/// What the group coordinator says about one consumer group: its state and its current members.
public struct KafkaGroupDescription: Sendable, Hashable {
    /// One member of the group.
    public struct Member: Sendable, Hashable {
        /// The member id the coordinator gave it.
        public var memberID: String
        /// The member's `client.id`.
        public var clientID: String
        /// The host the member connected from, as the coordinator saw it.
        public var clientHost: String

        /// Creates a member description.
        public init(memberID: String, clientID: String, clientHost: String) {
            self.memberID = memberID
            self.clientID = clientID
            self.clientHost = clientHost
        }
    }

    /// The group id.
    public var groupID: String
    /// The group's state as the coordinator names it: `Stable`, `PreparingRebalance`, `CompletingRebalance`,
    /// `Empty`, or `Dead` for a group the coordinator does not know.
    public var state: String
    /// The members that are part of the group now; empty for an empty or unknown group.
    public var members: [Member]

    /// Creates a group description.
    public init(groupID: String, state: String, members: [Member]) {
        self.groupID = groupID
        self.state = state
        self.members = members
    }
}
