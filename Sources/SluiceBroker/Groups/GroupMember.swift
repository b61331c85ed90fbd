/// A member of a consumer group.
final class GroupMember {
    var memberID: String
    let instanceID: String?
    var clientID: String
    var clientHost: String
    var sessionTimeout: Duration
    var rebalanceTimeout: Duration
    /// The supported protocols in preference order, with their metadata.
    var protocols: [(name: String, metadata: [UInt8])]
    var assignment: [UInt8] = []
    var lastHeartbeat: ContinuousClock.Instant
    /// Set while a JoinGroup of this member waits for the join phase to complete.
    var awaitingJoin = false
    /// Set while a SyncGroup of this member waits for the leader's assignment.
    var awaitingSync = false
    var joinResult: JoinResult?
    /// Order of joining, to choose a leader deterministically.
    let joinSequence: Int

    init(
        memberID: String,
        instanceID: String?,
        clientID: String,
        clientHost: String,
        sessionTimeout: Duration,
        rebalanceTimeout: Duration,
        protocols: [(name: String, metadata: [UInt8])],
        now: ContinuousClock.Instant,
        joinSequence: Int
    ) {
        self.memberID = memberID
        self.instanceID = instanceID
        self.clientID = clientID
        self.clientHost = clientHost
        self.sessionTimeout = sessionTimeout
        self.rebalanceTimeout = rebalanceTimeout
        self.protocols = protocols
        self.lastHeartbeat = now
        self.joinSequence = joinSequence
    }

    func metadata(for protocolName: String) -> [UInt8] {
        protocols.first { $0.name == protocolName }?.metadata ?? []
    }
}
