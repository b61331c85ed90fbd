import Foundation

/// JoinGroup, SyncGroup, Heartbeat, LeaveGroup, DescribeGroups and ListGroups.
extension BrokerState {
    /// JoinGroup v0-5: holds the request until the join phase completes.
    func joinGroup(_ header: RequestHeader, _ reader: inout ByteReader) throws -> [UInt8] {
        let version = header.apiVersion
        let groupID = try reader.string()
        let sessionTimeout = try reader.int32()
        let rebalanceTimeout = version >= 1 ? try reader.int32() : sessionTimeout
        let requestedMemberID = try reader.string()
        let instanceID = version >= 5 ? try reader.nullableString() : nil
        let protocolType = try reader.string()
        let protocols = try reader.array { reader in
            (name: try reader.string(), metadata: try reader.bytesField())
        }

        func response(
            _ errorCode: Int16,
            memberID: String,
            result: JoinResult? = nil,
            members: [GroupMember] = []
        ) -> [UInt8] {
            var writer = ByteWriter(capacity: 256)
            if version >= 2 { writer.int32(0) }
            writer.int16(errorCode)
            writer.int32(result?.generation ?? -1)
            writer.string(result?.protocolName ?? "")
            writer.string(result?.leaderID ?? "")
            writer.string(memberID)
            writer.array(members) { writer, member in
                writer.string(member.memberID)
                if version >= 5 { writer.nullableString(member.instanceID) }
                writer.bytesField(member.metadata(for: result?.protocolName ?? ""))
            }
            return writer.bytes
        }

        return withLock {
            guard !groupID.isEmpty else { return response(ErrorCode.invalidGroupID, memberID: requestedMemberID) }
            let group = group(groupID)
            if protocols.isEmpty || (!group.members.isEmpty && group.protocolType != protocolType)
                || !group.acceptsProtocols(protocols.map(\.name), joining: requestedMemberID)
            {
                return response(ErrorCode.inconsistentGroupProtocol, memberID: requestedMemberID)
            }
            let now = self.now
            let member: GroupMember
            if requestedMemberID.isEmpty {
                let newID = "\(header.clientID ?? "member")-\(UUID().uuidString.lowercased())"
                if let instanceID, let oldID = group.staticMembers[instanceID], let old = group.members[oldID] {
                    group.members[oldID] = nil
                    old.memberID = newID
                    group.members[newID] = old
                    group.staticMembers[instanceID] = newID
                    log("group \(groupID): static member \(instanceID) rejoined")
                    // A follower that comes back with the same protocols keeps its assignment without a
                    // rebalance (KIP-345); a returning leader rebalances so that it learns the members.
                    let sameProtocols = old.protocols.map(\.name) == protocols.map(\.name)
                    if group.phase == .stable, group.leaderID != oldID, sameProtocols, !old.awaitingSync {
                        old.protocols = protocols
                        old.lastHeartbeat = now
                        let result = JoinResult(
                            errorCode: ErrorCode.none,
                            generation: group.generation,
                            protocolName: group.protocolName,
                            leaderID: group.leaderID
                        )
                        return response(ErrorCode.none, memberID: newID, result: result)
                    }
                    if group.leaderID == oldID { group.leaderID = newID }
                    member = old
                } else {
                    nextMemberSequence += 1
                    member = GroupMember(
                        memberID: newID,
                        instanceID: instanceID,
                        clientID: header.clientID ?? "",
                        clientHost: "/127.0.0.1",
                        sessionTimeout: .milliseconds(Int(sessionTimeout)),
                        rebalanceTimeout: .milliseconds(Int(rebalanceTimeout)),
                        protocols: protocols,
                        now: now,
                        joinSequence: nextMemberSequence
                    )
                    group.members[newID] = member
                    if let instanceID { group.staticMembers[instanceID] = newID }
                }
            } else {
                if let instanceID, let current = group.staticMembers[instanceID], current != requestedMemberID {
                    return response(ErrorCode.fencedInstanceID, memberID: requestedMemberID)
                }
                guard let existing = group.members[requestedMemberID] else {
                    return response(ErrorCode.unknownMemberID, memberID: requestedMemberID)
                }
                member = existing
            }
            member.protocols = protocols
            member.sessionTimeout = .milliseconds(Int(sessionTimeout))
            member.rebalanceTimeout = .milliseconds(Int(rebalanceTimeout))
            member.lastHeartbeat = now
            member.awaitingJoin = true
            member.joinResult = nil
            group.protocolType = protocolType

            if group.phase != .preparingRebalance {
                log("group \(groupID): rebalance started (generation \(group.generation))")
                group.prepareRebalance(now: now, initialDelay: configuration.initialRebalanceDelay)
            }
            group.completeJoinIfReady(now: now)
            condition.broadcast()

            let memberID = member.memberID
            while member.joinResult == nil, group.members[memberID] === member, !stopping {
                wait(seconds: 0.05)
            }
            guard let result = member.joinResult, group.members[memberID] === member else {
                member.awaitingJoin = false
                let code = member.memberID != memberID ? ErrorCode.fencedInstanceID : ErrorCode.unknownMemberID
                return response(code, memberID: memberID)
            }
            let members =
                result.leaderID == memberID
                ? group.members.values.sorted { $0.joinSequence < $1.joinSequence } : []
            return response(ErrorCode.none, memberID: memberID, result: result, members: members)
        }
    }

    /// SyncGroup v0-3: the leader's assignment completes the rebalance; followers wait for it.
    func syncGroup(_ header: RequestHeader, _ reader: inout ByteReader) throws -> [UInt8] {
        let version = header.apiVersion
        let groupID = try reader.string()
        let generation = try reader.int32()
        let memberID = try reader.string()
        let instanceID = version >= 3 ? try reader.nullableString() : nil
        let assignments = try reader.array { reader in
            (memberID: try reader.string(), assignment: try reader.bytesField())
        }

        let (errorCode, assignment): (Int16, [UInt8]) = withLock {
            guard let group = groups[groupID] else { return (ErrorCode.unknownMemberID, []) }
            if let error = group.validate(memberID: memberID, generation: generation, instanceID: instanceID) {
                return (error, [])
            }
            let member = group.members[memberID]!
            member.lastHeartbeat = now
            switch group.phase {
            case .preparingRebalance:
                return (ErrorCode.rebalanceInProgress, [])
            case .completingRebalance:
                if memberID == group.leaderID {
                    for other in group.members.values { other.assignment = [] }
                    for entry in assignments { group.members[entry.memberID]?.assignment = entry.assignment }
                    group.phase = .stable
                    log("group \(groupID): stable at generation \(generation) with \(group.members.count) members")
                    condition.broadcast()
                } else {
                    member.awaitingSync = true
                    while group.phase == .completingRebalance, group.generation == generation,
                        group.members[memberID] === member, !stopping
                    {
                        wait(seconds: 0.05)
                    }
                    member.awaitingSync = false
                    member.lastHeartbeat = now
                }
                guard group.phase == .stable, group.generation == generation, group.members[memberID] === member
                else { return (ErrorCode.rebalanceInProgress, []) }
                return (ErrorCode.none, member.assignment)
            case .stable:
                return (ErrorCode.none, member.assignment)
            case .empty, .dead:
                return (ErrorCode.unknownMemberID, [])
            }
        }

        var writer = ByteWriter()
        if version >= 1 { writer.int32(0) }
        writer.int16(errorCode)
        writer.bytesField(assignment)
        return writer.bytes
    }

    /// Heartbeat v0-3: REBALANCE_IN_PROGRESS tells members to rejoin.
    func heartbeat(_ header: RequestHeader, _ reader: inout ByteReader) throws -> [UInt8] {
        let groupID = try reader.string()
        let generation = try reader.int32()
        let memberID = try reader.string()
        let instanceID = header.apiVersion >= 3 ? try reader.nullableString() : nil

        let errorCode: Int16 = withLock {
            guard let group = groups[groupID] else { return ErrorCode.unknownMemberID }
            if let instanceID, let current = group.staticMembers[instanceID], current != memberID {
                return ErrorCode.fencedInstanceID
            }
            guard let member = group.members[memberID] else { return ErrorCode.unknownMemberID }
            member.lastHeartbeat = now
            if group.phase == .preparingRebalance { return ErrorCode.rebalanceInProgress }
            guard generation == group.generation else { return ErrorCode.illegalGeneration }
            return ErrorCode.none
        }

        var writer = ByteWriter()
        if header.apiVersion >= 1 { writer.int32(0) }
        writer.int16(errorCode)
        return writer.bytes
    }

    /// LeaveGroup v0-1: removes the member and rebalances the rest.
    func leaveGroup(_ header: RequestHeader, _ reader: inout ByteReader) throws -> [UInt8] {
        let groupID = try reader.string()
        let memberID = try reader.string()

        let errorCode: Int16 = withLock {
            guard let group = groups[groupID], group.members[memberID] != nil else { return ErrorCode.unknownMemberID }
            group.removeAndRebalance(memberID, now: now, initialDelay: configuration.initialRebalanceDelay)
            log("group \(groupID): member left")
            condition.broadcast()
            return ErrorCode.none
        }

        var writer = ByteWriter()
        if header.apiVersion >= 1 { writer.int32(0) }
        writer.int16(errorCode)
        return writer.bytes
    }

    /// DescribeGroups v0-4; an unknown group is reported as Dead.
    func describeGroups(_ header: RequestHeader, _ reader: inout ByteReader) throws -> [UInt8] {
        let version = header.apiVersion
        let groupIDs = try reader.array { try $0.string() }
        if version >= 3 { _ = try reader.bool() }

        return withLock {
            var writer = ByteWriter(capacity: 256)
            if version >= 1 { writer.int32(0) }
            writer.array(groupIDs) { writer, groupID in
                let group = groups[groupID]
                writer.int16(ErrorCode.none)
                writer.string(groupID)
                writer.string((group?.phase ?? .dead).rawValue)
                writer.string(group?.protocolType ?? "")
                writer.string(group?.phase == .stable ? group?.protocolName ?? "" : "")
                let members = group?.members.values.sorted { $0.joinSequence < $1.joinSequence } ?? []
                writer.array(members) { writer, member in
                    writer.string(member.memberID)
                    if version >= 4 { writer.nullableString(member.instanceID) }
                    writer.string(member.clientID)
                    writer.string(member.clientHost)
                    writer.bytesField(member.metadata(for: group?.protocolName ?? ""))
                    writer.bytesField(group?.phase == .stable ? member.assignment : [])
                }
                if version >= 3 { writer.int32(Int32.min) }
            }
            return writer.bytes
        }
    }

    /// ListGroups v0-2: every group with members or committed offsets.
    func listGroups(_ header: RequestHeader) -> [UInt8] {
        withLock {
            let listed = groups.values.filter { !$0.members.isEmpty || !$0.offsets.isEmpty }
                .sorted { $0.groupID < $1.groupID }
            var writer = ByteWriter(capacity: 128)
            if header.apiVersion >= 1 { writer.int32(0) }
            writer.int16(ErrorCode.none)
            writer.array(listed) { writer, group in
                writer.string(group.groupID)
                writer.string(group.protocolType)
            }
            return writer.bytes
        }
    }
}
