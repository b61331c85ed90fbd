/// OffsetCommit and OffsetFetch.
extension BrokerState {
    /// OffsetCommit v0-7. A commit naming a member must carry its current generation; generation -1 with an
    /// empty member id commits without group membership (what admin tools and assign-only consumers do).
    /// An `injected` error code is answered for every partition and nothing is committed.
    func offsetCommit(_ header: RequestHeader, _ reader: inout ByteReader, injected: Int16? = nil) throws -> [UInt8] {
        let version = header.apiVersion
        let groupID = try reader.string()
        let generation = version >= 1 ? try reader.int32() : -1
        let memberID = version >= 1 ? try reader.string() : ""
        let instanceID = version >= 7 ? try reader.nullableString() : nil
        if (2...4).contains(version) { _ = try reader.int64() }
        let requested = try reader.array { reader in
            (
                name: try reader.string(),
                partitions: try reader.array { reader in
                    let index = try reader.int32()
                    let offset = try reader.int64()
                    let epoch = version >= 6 ? try reader.int32() : -1
                    if version == 1 { _ = try reader.int64() }
                    return (
                        index: index,
                        offset: CommittedOffset(
                            offset: offset,
                            leaderEpoch: epoch,
                            metadata: try reader.nullableString()
                        )
                    )
                }
            )
        }

        return withLock {
            var errorCode = ErrorCode.none
            if let injected {
                errorCode = injected
            } else if groupID.isEmpty {
                errorCode = ErrorCode.invalidGroupID
            } else if generation >= 0 || !memberID.isEmpty {
                if let group = groups[groupID] {
                    errorCode =
                        group.validate(memberID: memberID, generation: generation, instanceID: instanceID)
                        ?? (group.phase == .completingRebalance ? ErrorCode.rebalanceInProgress : ErrorCode.none)
                    if let member = group.members[memberID], errorCode == ErrorCode.none {
                        member.lastHeartbeat = now
                    }
                } else {
                    errorCode = ErrorCode.illegalGeneration
                }
            }
            var writer = ByteWriter(capacity: 128)
            if version >= 3 { writer.int32(0) }
            writer.array(requested) { writer, topic in
                writer.string(topic.name)
                writer.array(topic.partitions) { writer, partition in
                    var code = errorCode
                    let key = PartitionKey(topic: topic.name, partition: partition.index)
                    if code == ErrorCode.none {
                        if partitionLog(key) == nil {
                            code = ErrorCode.unknownTopicOrPartition
                        } else {
                            self.group(groupID).offsets[key] = partition.offset
                            if !journal(.offsetCommitted(group: groupID, key: key, offset: partition.offset)) {
                                code = ErrorCode.kafkaStorageError
                            }
                        }
                    }
                    writer.int32(partition.index)
                    writer.int16(code)
                }
            }
            return writer.bytes
        }
    }

    /// OffsetFetch v0-7; with require-stable (v7), a partition whose offset waits in an open transaction
    /// answers UNSTABLE_OFFSET_COMMIT.
    func offsetFetch(_ header: RequestHeader, _ reader: inout ByteReader) throws -> [UInt8] {
        let version = header.apiVersion
        let flexible = header.isFlexible
        let groupID = try reader.string(flexible: flexible)
        var requested: [(name: String, partitions: [Int32])]?
        if let count = try reader.nullableArrayCount(flexible: flexible) {
            requested = try (0..<count).map { _ in
                let name = try reader.string(flexible: flexible)
                let partitions = try reader.array(flexible: flexible) { try $0.int32() }
                try reader.tags(flexible: flexible)
                return (name, partitions)
            }
        }
        let requireStable = version >= 7 ? try reader.bool() : false
        try reader.tags(flexible: flexible)

        return withLock {
            let group = groups[groupID]
            let topicsToAnswer: [(name: String, partitions: [Int32])] =
                requested
                ?? Dictionary(grouping: (group?.offsets.keys).map(Array.init) ?? [], by: \.topic)
                .map { (name: $0.key, partitions: $0.value.map(\.partition).sorted()) }
                .sorted { $0.name < $1.name }

            var writer = ByteWriter(capacity: 256)
            if version >= 3 { writer.int32(0) }
            writer.array(topicsToAnswer, flexible: flexible) { writer, topic in
                writer.string(topic.name, flexible: flexible)
                writer.array(topic.partitions, flexible: flexible) { writer, partition in
                    let key = PartitionKey(topic: topic.name, partition: partition)
                    let unstable = requireStable && hasPendingTransactionalOffset(groupID: groupID, key: key)
                    let committed = unstable ? nil : group?.offsets[key]
                    writer.int32(partition)
                    writer.int64(committed?.offset ?? -1)
                    if version >= 5 { writer.int32(committed?.leaderEpoch ?? -1) }
                    writer.nullableString(committed?.metadata ?? "", flexible: flexible)
                    writer.int16(unstable ? ErrorCode.unstableOffsetCommit : ErrorCode.none)
                    writer.tags(flexible: flexible)
                }
                writer.tags(flexible: flexible)
            }
            if version >= 2 { writer.int16(ErrorCode.none) }
            writer.tags(flexible: flexible)
            return writer.bytes
        }
    }
}
