/// Reading a consumer group's state from outside the protocol, for tests.
extension Broker {
    /// The state of a consumer group now: its phase, generation, leader and members.
    ///
    /// DescribeGroups answers the same members and state but not the generation, which is what shows whether
    /// a rejoin rebalanced the group.
    ///
    /// - Parameter groupID: The group id (a Sluice application's application id).
    /// - Returns: The snapshot, or `nil` if the broker has never seen the group.
    public func consumerGroup(_ groupID: String) -> ConsumerGroupSnapshot? {
        state.withLock {
            guard let group = state.groups[groupID] else { return nil }
            let members = group.members.values.sorted { $0.joinSequence < $1.joinSequence }.map { member in
                ConsumerGroupSnapshot.Member(
                    memberID: member.memberID,
                    instanceID: member.instanceID,
                    clientID: member.clientID
                )
            }
            return ConsumerGroupSnapshot(
                groupID: groupID,
                state: group.phase.rawValue,
                generation: group.generation,
                leaderID: group.leaderID,
                members: members
            )
        }
    }
}
