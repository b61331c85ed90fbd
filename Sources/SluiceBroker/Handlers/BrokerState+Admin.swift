/// CreateTopics, DeleteTopics, DeleteRecords and DescribeConfigs.
extension BrokerState {
    /// CreateTopics v0-4; -1 partitions means the configured default. The replication factor must be 1 or -1.
    func createTopics(_ header: RequestHeader, _ reader: inout ByteReader) throws -> [UInt8] {
        let version = header.apiVersion
        let requested = try reader.array { reader in
            let name = try reader.string()
            let partitions = try reader.int32()
            let replication = try reader.int16()
            let assignments = try reader.array { reader in
                (try reader.int32(), try reader.array { try $0.int32() })
            }
            let configs = try reader.array { reader in (try reader.string(), try reader.nullableString()) }
            return (
                name: name,
                partitions: partitions,
                replication: replication,
                assigned: assignments.count,
                configs: Dictionary(configs.compactMap { key, value in value.map { (key, $0) } }) { $1 }
            )
        }
        _ = try reader.int32()
        let validateOnly = version >= 1 ? try reader.bool() : false

        return withLock {
            var writer = ByteWriter(capacity: 128)
            if version >= 2 { writer.int32(0) }
            writer.array(requested) { writer, topic in
                let count =
                    topic.partitions > 0
                    ? Int(topic.partitions) : topic.assigned > 0 ? topic.assigned : configuration.defaultPartitions
                var code: Int16
                if topic.replication > 1 {
                    code = 38
                } else if topics[topic.name] != nil {
                    code = ErrorCode.topicAlreadyExists
                } else if !Topic.isValidName(topic.name) {
                    code = 17
                } else if topic.partitions == 0 || topic.partitions < -1 {
                    code = ErrorCode.invalidPartitions
                } else {
                    code =
                        validateOnly
                        ? ErrorCode.none : createTopicLocked(topic.name, partitions: count, configs: topic.configs)
                }
                writer.string(topic.name)
                writer.int16(code)
                if version >= 1 { writer.nullableString(nil) }
            }
            return writer.bytes
        }
    }

    /// DeleteTopics v0-1: the topic and its log are dropped at once.
    func deleteTopics(_ header: RequestHeader, _ reader: inout ByteReader) throws -> [UInt8] {
        let names = try reader.array { try $0.string() }
        _ = try reader.int32()

        return withLock {
            var writer = ByteWriter(capacity: 64)
            if header.apiVersion >= 1 { writer.int32(0) }
            writer.array(names) { writer, name in
                let removed = topics.removeValue(forKey: name)
                let existed = removed != nil
                if let removed {
                    journal(.topicDeleted(name: name))
                    removed.partitions.forEach { $0.storage?.removeAll() }
                    log("deleted topic \(name)")
                }
                writer.string(name)
                writer.int16(existed ? ErrorCode.none : ErrorCode.unknownTopicOrPartition)
            }
            dataVersion &+= 1
            condition.broadcast()
            return writer.bytes
        }
    }

    /// DeleteRecords v0-1: moves the log start offset (-1 means the high watermark); whole batches below it
    /// are dropped.
    func deleteRecords(_ header: RequestHeader, _ reader: inout ByteReader) throws -> [UInt8] {
        let requested = try reader.array { reader in
            (
                name: try reader.string(),
                partitions: try reader.array { reader in (index: try reader.int32(), offset: try reader.int64()) }
            )
        }
        _ = try reader.int32()

        return withLock {
            var writer = ByteWriter(capacity: 64)
            writer.int32(0)
            writer.array(requested) { writer, topic in
                writer.string(topic.name)
                writer.array(topic.partitions) { writer, partition in
                    writer.int32(partition.index)
                    guard let log = partitionLog(PartitionKey(topic: topic.name, partition: partition.index)) else {
                        writer.int64(-1)
                        writer.int16(ErrorCode.unknownTopicOrPartition)
                        return
                    }
                    let target = partition.offset == -1 ? log.highWatermark : partition.offset
                    guard target >= 0, target <= log.highWatermark else {
                        writer.int64(log.logStartOffset)
                        writer.int16(ErrorCode.offsetOutOfRange)
                        return
                    }
                    log.deleteRecords(before: target)
                    writer.int64(log.logStartOffset)
                    writer.int16(ErrorCode.none)
                }
            }
            return writer.bytes
        }
    }

    /// The configuration entries reported by DescribeConfigs: fixed values that describe this broker.
    private static let reportedConfigs: [(String, String)] = [
        ("cleanup.policy", "delete"),
        ("compression.type", "producer"),
        ("max.message.bytes", "104857600"),
        ("message.timestamp.type", "CreateTime"),
        ("min.insync.replicas", "1"),
        ("retention.bytes", "-1"),
        ("retention.ms", "-1"),
    ]

    /// DescribeConfigs v0-1 for topics (type 2) and the broker (type 4): fixed defaults, overridden by the
    /// values a topic was created with.
    func describeConfigs(_ header: RequestHeader, _ reader: inout ByteReader) throws -> [UInt8] {
        let version = header.apiVersion
        let resources = try reader.array { reader in
            (
                type: try reader.int8(),
                name: try reader.string(),
                keys: try reader.nullableArrayCount().map { count in try (0..<count).map { _ in try reader.string() } }
            )
        }
        if version >= 1 { _ = try reader.bool() }

        return withLock {
            var writer = ByteWriter(capacity: 256)
            writer.int32(0)
            writer.array(resources) { writer, resource in
                var code = ErrorCode.none
                if resource.type == 2, topics[resource.name] == nil {
                    code = ErrorCode.unknownTopicOrPartition
                } else if resource.type != 2, resource.type != 4 {
                    code = ErrorCode.invalidRequest
                }
                let configs = resource.type == 2 ? topics[resource.name]?.configs ?? [:] : [:]
                let entries =
                    code != ErrorCode.none
                    ? []
                    : Self.reportedConfigs.filter { resource.keys?.contains($0.0) ?? true }
                        .map { ($0.0, configs[$0.0] ?? $0.1) }
                writer.int16(code)
                writer.nullableString(nil)
                writer.int8(resource.type)
                writer.string(resource.name)
                writer.array(entries) { writer, entry in
                    writer.string(entry.0)
                    writer.nullableString(entry.1)
                    writer.bool(false)
                    if version == 0 { writer.bool(true) } else { writer.int8(5) }
                    writer.bool(false)
                    if version >= 1 { writer.arrayCount(0) }
                }
            }
            return writer.bytes
        }
    }
}
