import SluiceKafka

/// The cluster as a replay plan sees it: which topics exist, the source partitions and their offsets, what a
/// group has committed, and offsets for times. Holds an admin client and a consumer outside any group until
/// ``close()``.
final class ReplayCluster {
    /// The bootstrap servers, for messages.
    let servers: String
    /// The partition count of every topic on the cluster.
    let known: [String: Int]
    /// The partitions of the topics the topology reads as streams, in order.
    let streamPartitions: [TopicPartition]
    /// The partitions of the topics the topology reads into tables, in order.
    let tablePartitions: [TopicPartition]
    /// The earliest retained offset and the end (last stable offset) of every source partition.
    let marks: [TopicPartition: (low: Int64, high: Int64)]
    private let configuration: ApplicationConfiguration
    private let admin: KafkaAdmin
    private let reader: KafkaConsumer

    /// Connects, finds the source topics and reads their partitions' offsets.
    /// - Throws: ``ApplicationError``: `unreachable` when the cluster does not answer within the start-up timeout,
    ///   `unknownTopic` when a source topic does not exist.
    init(configuration: ApplicationConfiguration, topology: Topology) throws {
        self.configuration = configuration
        servers = configuration.kafka.bootstrapServers.joined(separator: ",")
        var adminConfiguration = configuration.kafka
        adminConfiguration.properties["log_level"] = "0"
        var readerConfiguration = configuration.consumerConfiguration(threadIndex: 0)
        readerConfiguration.groupID = nil
        readerConfiguration.groupInstanceID = nil
        readerConfiguration.common.properties["log_level"] = "0"
        do {
            admin = try KafkaAdmin(configuration: adminConfiguration)
            reader = try KafkaConsumer(configuration: readerConfiguration)
        } catch {
            throw ApplicationError(.invalidConfiguration, "invalid Kafka configuration: \(error.message)")
        }

        let deadline = ContinuousClock.now + configuration.startupTimeout
        var topics: [TopicMetadata]?
        var lastError: KafkaError?
        repeat {
            do {
                topics = try admin.metadata(timeout: .seconds(2))
            } catch {
                lastError = error
            }
        } while topics == nil && ContinuousClock.now < deadline
        guard let topics else {
            admin.close()
            try? reader.close()
            throw ApplicationError(
                .unreachable,
                "cannot reach Kafka at \(servers) within \(configuration.startupTimeout): "
                    + (lastError?.message ?? "no answer")
            )
        }
        var known: [String: Int] = [:]
        for topic in topics where topic.error == nil { known[topic.name] = topic.partitionCount }
        self.known = known

        var stream: [TopicPartition] = []
        var tables: [TopicPartition] = []
        for topic in topology.streamSourceTopics + topology.tableSourceTopics {
            guard let count = known[topic] else {
                admin.close()
                try? reader.close()
                throw ApplicationError(.unknownTopic, "source topic '\(topic)' does not exist on \(servers)")
            }
            let partitions = (0..<Int32(count)).map { TopicPartition(topic: topic, partition: $0) }
            if topology.tableSourceTopics.contains(topic) {
                tables += partitions
            } else {
                stream += partitions
            }
        }
        streamPartitions = stream
        tablePartitions = tables

        var marks: [TopicPartition: (low: Int64, high: Int64)] = [:]
        do {
            for partition in stream + tables {
                marks[partition] = try reader.watermarks(topic: partition.topic, partition: partition.partition)
            }
        } catch {
            admin.close()
            try? reader.close()
            throw ApplicationError(.kafka, "cannot read the offsets of the source partitions: \(error.message)")
        }
        self.marks = marks
    }

    /// What a consumer group has committed, leaving out partitions it never committed.
    func committed(group: String, _ partitions: [TopicPartition]) throws -> [TopicPartition: Int64] {
        guard !partitions.isEmpty else { return [:] }
        var groupConfiguration = configuration.consumerConfiguration(threadIndex: 0)
        groupConfiguration.groupID = group
        groupConfiguration.groupInstanceID = nil
        do {
            let consumer = try KafkaConsumer(configuration: groupConfiguration)
            defer { try? consumer.close() }
            return try consumer.committed(partitions, timeout: configuration.startupTimeout).filter { $0.value >= 0 }
        } catch {
            throw ApplicationError(.kafka, "cannot read the committed offsets of group '\(group)': \(error.message)")
        }
    }

    /// In each partition, the earliest offset whose record timestamp is at or after `time`, or the partition's
    /// end when there is none.
    func firstOffsets(reaching time: Int64, in partitions: [TopicPartition]) throws -> [TopicPartition: Int64] {
        var candidates: [TopicPartition: Int64] = [:]
        do {
            candidates = try reader.offsetsForTimes(
                Dictionary(uniqueKeysWithValues: partitions.map { ($0, time) }),
                timeout: configuration.startupTimeout
            )
        } catch {
            throw ApplicationError(.kafka, "cannot look up offsets for a time: \(error.message)")
        }
        var searches: [TopicPartition: TimestampSeeker.Search] = [:]
        for partition in partitions {
            let marks = self.marks[partition] ?? (0, 0)
            // No offset (-1) means no record is that late.
            let candidate = candidates[partition].flatMap { $0 >= 0 ? $0 : nil } ?? marks.high
            searches[partition] = TimestampSeeker.Search(
                from: min(max(candidate, marks.low), marks.high),
                time: time,
                end: marks.high
            )
        }
        let seeker = TimestampSeeker(
            configuration: configuration.consumerConfiguration(threadIndex: 0),
            idleTimeout: configuration.startupTimeout
        )
        return try seeker.find(searches).mapValues(\.offset)
    }

    /// Lets go of the clients.
    func close() {
        admin.close()
        try? reader.close()
    }
}
