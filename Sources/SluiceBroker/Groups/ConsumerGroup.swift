/// A consumer group: members, generation, rebalance state and committed offsets. Guarded by the broker's
/// lock; the methods decide, the request handlers wait.
final class ConsumerGroup {
    let groupID: String
    var phase: GroupPhase = .empty
    var generation: Int32 = 0
    var protocolType: String = ""
    var protocolName: String = ""
    var leaderID: String = ""
    var members: [String: GroupMember] = [:]
    /// Static members: group.instance.id to the current member id.
    var staticMembers: [String: String] = [:]
    var offsets: [PartitionKey: CommittedOffset] = [:]
    private var rebalanceDeadline: ContinuousClock.Instant?
    private var earliestCompletion: ContinuousClock.Instant?

    init(groupID: String) {
        self.groupID = groupID
    }

    /// Starts a join phase; members have until the largest rebalance timeout to rejoin. A group that was
    /// empty waits at least `initialDelay` for more members.
    func prepareRebalance(now: ContinuousClock.Instant, initialDelay: Duration) {
        if phase == .empty || generation == 0 {
            earliestCompletion = now + initialDelay
        } else {
            earliestCompletion = now
        }
        phase = .preparingRebalance
        let longest = members.values.map(\.rebalanceTimeout).max() ?? .zero
        rebalanceDeadline = now + max(longest, initialDelay)
        for member in members.values {
            member.joinResult = nil
        }
    }

    /// Ends the join phase when every member has rejoined (after the initial delay) or the rebalance
    /// timeout passed; members that did not rejoin are removed. Returns whether anything changed.
    @discardableResult
    func completeJoinIfReady(now: ContinuousClock.Instant) -> Bool {
        guard phase == .preparingRebalance else { return false }
        let everyoneJoined = members.values.allSatisfy(\.awaitingJoin)
        let pastDeadline = rebalanceDeadline.map { now >= $0 } ?? true
        guard (everyoneJoined && now >= (earliestCompletion ?? now)) || pastDeadline else { return false }

        for member in members.values where !member.awaitingJoin {
            remove(member.memberID)
        }
        generation += 1
        guard !members.isEmpty else {
            phase = .empty
            leaderID = ""
            protocolName = ""
            return true
        }

        let ordered = members.values.sorted { $0.joinSequence < $1.joinSequence }
        if members[leaderID] == nil {
            leaderID = ordered[0].memberID
        }
        let leader = members[leaderID]!
        protocolName =
            leader.protocols.map(\.name).first { name in
                ordered.allSatisfy { member in member.protocols.contains { $0.name == name } }
            } ?? leader.protocols.first?.name ?? ""
        phase = .completingRebalance
        for member in ordered {
            member.awaitingJoin = false
            member.lastHeartbeat = now
            member.joinResult = JoinResult(
                errorCode: ErrorCode.none,
                generation: generation,
                protocolName: protocolName,
                leaderID: leaderID
            )
        }
        return true
    }

    /// Whether a member offering `protocols` (assignment strategies) can join: it must share at least one with
    /// every other member, as Kafka requires, or the leader would get a member it cannot assign (an eager member
    /// and a cooperative-sticky one, say).
    func acceptsProtocols(_ protocols: [String], joining memberID: String) -> Bool {
        let others = members.values.filter { $0.memberID != memberID }
        guard !others.isEmpty else { return true }
        var common = Set(protocols)
        for member in others { common.formIntersection(member.protocols.map(\.name)) }
        return !common.isEmpty
    }

    /// Removes a member and its static mapping.
    func remove(_ memberID: String) {
        guard let member = members.removeValue(forKey: memberID) else { return }
        if let instance = member.instanceID, staticMembers[instance] == memberID {
            staticMembers[instance] = nil
        }
    }

    /// Removes a member that left or expired and rebalances the rest.
    func removeAndRebalance(_ memberID: String, now: ContinuousClock.Instant, initialDelay: Duration) {
        remove(memberID)
        if members.isEmpty {
            if phase != .empty {
                generation += 1
            }
            phase = .empty
            leaderID = ""
            protocolName = ""
            return
        }
        if phase != .preparingRebalance {
            prepareRebalance(now: now, initialDelay: .zero)
        }
        completeJoinIfReady(now: now)
    }

    /// Expires members whose session ran out; returns whether any was removed.
    func expireSessions(now: ContinuousClock.Instant) -> Bool {
        let expired = members.values.filter {
            !$0.awaitingJoin && !$0.awaitingSync && now - $0.lastHeartbeat > $0.sessionTimeout
        }
        for member in expired {
            removeAndRebalance(member.memberID, now: now, initialDelay: .zero)
        }
        return !expired.isEmpty
    }

    /// The error for a request naming `memberID`, `generation` and `instanceID`, or `nil` if they are current.
    func validate(memberID: String, generation: Int32, instanceID: String?) -> Int16? {
        if let instanceID, let current = staticMembers[instanceID], current != memberID {
            return ErrorCode.fencedInstanceID
        }
        guard members[memberID] != nil else { return ErrorCode.unknownMemberID }
        guard generation == self.generation else { return ErrorCode.illegalGeneration }
        return nil
    }
}
