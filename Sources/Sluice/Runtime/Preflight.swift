import SluiceKafka

/// Start-up checks: the cluster answers within the start-up timeout, every source topic exists, every sink and
/// the dead-letter topic exist (created when missing and the cluster allows it), and the partition counts the
/// record collectors need.
struct Preflight {
    let partitionCounts: [String: Int32]
    /// Internal topics and task counts.
    let plan: InternalTopicPlan
    private let admin: KafkaAdmin
    private let configuration: ApplicationConfiguration
    private let topology: Topology
    private let sourcePartitionCounts: [String: Int]

    init(configuration: ApplicationConfiguration, topology: Topology, logger: Logger) throws {
        self.configuration = configuration
        self.topology = topology
        let servers = configuration.kafka.bootstrapServers.joined(separator: ",")
        var adminConfiguration = configuration.kafka
        adminConfiguration.properties["log_level"] = "0"
        do {
            admin = try KafkaAdmin(configuration: adminConfiguration)
        } catch {
            throw ApplicationError(.invalidConfiguration, "invalid Kafka configuration: \(error.message)")
        }

        let clock = ContinuousClock()
        let deadline = clock.now + configuration.startupTimeout
        var known: [String: Int] = [:]
        var lastError: KafkaError?
        repeat {
            do {
                for topic in try admin.metadata(timeout: .seconds(2)) where topic.error == nil {
                    known[topic.name] = topic.partitionCount
                }
                lastError = nil
                break
            } catch {
                lastError = error
            }
        } while clock.now < deadline
        if let lastError {
            throw ApplicationError(
                .unreachable,
                "cannot reach Kafka at \(servers) within \(configuration.startupTimeout): \(lastError.message)"
            )
        }

        if configuration.processingGuarantee == .exactlyOnce && !configuration.allowsExactlyOnceOnMockCluster {
            try Self.refuseMockCluster(admin: admin, servers: servers, until: deadline)
        }

        for topic in topology.sourceTopics where known[topic] == nil && !topology.internalTopics.contains(topic) {
            throw ApplicationError(.unknownTopic, "source topic '\(topic)' does not exist on \(servers)")
        }
        let plan = try InternalTopicPlan(topology: topology, applicationID: configuration.applicationID, known: known)
        self.plan = plan
        let newInternal = plan.internalTopics.filter { known[$0.key] == nil }
        if !newInternal.isEmpty {
            do {
                try admin.createTopics(
                    newInternal.sorted { $0.key < $1.key }.map { topic, partitions in
                        KafkaAdmin.NewTopic(
                            name: topic,
                            partitions: partitions,
                            configs: plan.changelogTopics.contains(topic) ? ["cleanup.policy": "compact"] : [:]
                        )
                    },
                    timeout: .seconds(5)
                )
            } catch {
                throw ApplicationError(
                    .unknownTopic,
                    "cannot create the internal topics \(newInternal.keys.sorted().joined(separator: ", ")) on "
                        + "\(servers): \(error.message)"
                )
            }
            logger.info(
                "created internal topics",
                metadata: [LogKey.topic: .string(newInternal.keys.sorted().joined(separator: ","))]
            )
            known.merge(newInternal) { _, new in new }
        }
        var outputs = topology.sinkTopics
        if configuration.errorHandling == .deadLetter {
            outputs.append(configuration.resolvedDeadLetterTopic)
        }
        let widest = topology.sourceTopics.compactMap { known[$0] }.max() ?? 1
        let missing = outputs.filter { known[$0] == nil }
        // A replay's output takes the partition count of the output it copies, so keys land alike.
        let suffix = configuration.replay?.outputSuffix ?? ""
        func partitions(of topic: String) -> Int {
            guard !suffix.isEmpty, topic.hasSuffix(suffix) else { return widest }
            return known[String(topic.dropLast(suffix.count))] ?? widest
        }
        if !missing.isEmpty {
            do {
                try admin.createTopics(
                    missing.map { KafkaAdmin.NewTopic(name: $0, partitions: partitions(of: $0)) },
                    timeout: .seconds(5)
                )
                logger.info(
                    "created missing output topics",
                    metadata: [LogKey.topic: .string(missing.joined(separator: ","))]
                )
                for topic in missing { known[topic] = partitions(of: topic) }
            } catch {
                throw ApplicationError(
                    .unknownTopic,
                    "output topic '\(missing[0])' does not exist on \(servers) and could not be created: "
                        + error.message
                )
            }
        }
        let internalTopics = plan.internalTopics
        partitionCounts = known.filter { outputs.contains($0.key) || internalTopics[$0.key] != nil }
            .mapValues { Int32($0) }
        sourcePartitionCounts = known.filter {
            topology.sourceTopics.contains($0.key) && !topology.internalTopics.contains($0.key)
        }
    }

    /// Refuses exactly-once on librdkafka's mock cluster (its cluster id starts with `mockCluster`), which writes
    /// no transaction markers. Fails closed: a cluster whose id cannot be read by the deadline is refused too.
    private static func refuseMockCluster(admin: KafkaAdmin, servers: String, until deadline: ContinuousClock.Instant)
        throws
    {
        var cluster: String?
        repeat {
            cluster = admin.clusterID(timeout: .seconds(2))
        } while cluster == nil && ContinuousClock.now < deadline
        guard let cluster else {
            throw ApplicationError(
                .unreachable,
                "cannot read the cluster id of \(servers) to check that it supports transactions"
            )
        }
        guard !cluster.hasPrefix("mockCluster") else {
            throw ApplicationError(
                .invalidConfiguration,
                "exactly-once needs a broker with transactions, and \(servers) is librdkafka's mock cluster, which "
                    + "writes no transaction markers: use `sluice broker` (the project's transactional broker) or "
                    + "a Kafka cluster, or choose at-least-once"
            )
        }
    }

    /// The end offset of every source partition now, as a read_committed reader sees it (or the limit given for
    /// it, if lower: a replay's end), leaving out partitions that are empty or whose committed offset already
    /// reached the end (nothing to wait for there).
    func endOffsets(limitedTo limits: [TopicPartition: Int64] = [:]) throws -> [TopicPartition: Int64] {
        var consumerConfiguration = configuration.consumerConfiguration(threadIndex: 0)
        consumerConfiguration.groupID = nil
        let consumer = try KafkaConsumer(configuration: consumerConfiguration)
        defer { try? consumer.close() }
        var ends: [TopicPartition: Int64] = [:]
        for (topic, count) in sourcePartitionCounts {
            for partition in 0..<Int32(count) {
                let marks = try consumer.watermarks(topic: topic, partition: partition)
                let key = TopicPartition(topic: topic, partition: partition)
                let end = min(marks.high, limits[key] ?? marks.high)
                if end > marks.low {
                    ends[key] = end
                }
            }
        }
        let group = try KafkaConsumer(configuration: configuration.consumerConfiguration(threadIndex: 0))
        defer { try? group.close() }
        for (partition, committed) in try group.committed(Array(ends.keys)) where committed >= ends[partition] ?? 0 {
            ends[partition] = nil
        }
        return ends
    }

    /// The check that ends a bounded run: the source partitions up to `ends`, then the repartition topics.
    func drainCheck(sourceEnds ends: [TopicPartition: Int64]) throws -> DrainCheck {
        try DrainCheck(
            configuration: configuration,
            sourceEnds: ends,
            topics: plan.internalTopics.filter { topology.internalTopics.contains($0.key) }
        )
    }

    func close() {
        admin.close()
    }
}
