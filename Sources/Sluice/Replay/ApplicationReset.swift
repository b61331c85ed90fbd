import Foundation
import SluiceKafka

/// Puts an application back to a replay's start: its consumer group's offsets at the plan's start offsets, its
/// changelog and repartition topics empty, its local state gone, so that the next run rebuilds its state from
/// the replayed input alone.
///
/// A reset refuses while the application's group has active members: a running worker would commit its own
/// offsets over the reset and keep state the reset removed. Stop every worker first.
///
/// Steps, in order:
/// 1. check that the group has no active members;
/// 2. delete the internal topics that exist, and wait until the cluster no longer lists them;
/// 3. create every internal topic again, empty, with the partition counts and configs a start would give them;
/// 4. commit the group's offsets: each stream partition at its start, each table partition at its earliest
///    offset (tables are read again whole), each repartition partition at 0;
/// 5. remove `<stateDirectory>/<application id>`.
///
/// Creating the internal topics here rather than at the next start matters: the group's committed offsets of
/// the old repartition topics would otherwise outlive them on a broker that keeps offsets of deleted topics,
/// and look like a drained input to a bounded run.
///
/// - Important: Output topics are not touched. A replay in place appends to the live outputs; a replay into a
///   new output (``ReplayOptions/outputSuffix``) appends to the suffixed topics if they exist already.
public struct ApplicationReset {
    /// The topology the application runs.
    public let topology: Topology
    /// The configuration of the application to reset.
    public let configuration: ApplicationConfiguration
    private let logger: Logger

    /// Creates a reset.
    /// - Parameters:
    ///   - topology: The topology the application runs, which names its internal topics and stores.
    ///   - configuration: The application's configuration: its id is the group reset.
    ///   - logger: Where each step is logged.
    public init(topology: Topology, configuration: ApplicationConfiguration, logger: Logger = .disabled) {
        self.topology = topology
        self.configuration = configuration
        var logger = logger
        logger[metadataKey: LogKey.applicationID] = .string(configuration.applicationID)
        self.logger = logger
    }

    /// Throws when the application's consumer group has active members.
    /// - Throws: ``ApplicationError`` with code `activeMembers`, naming them, or `kafka` when the group cannot be
    ///   described.
    public func checkNoActiveMembers() throws {
        let admin = try makeAdmin()
        defer { admin.close() }
        try checkNoActiveMembers(admin)
    }

    /// Resets the application to a plan's start.
    /// - Parameter plan: A plan for this application (``ReplayPlan/applicationID`` is its id).
    /// - Returns: What was done, with timings.
    /// - Throws: ``ApplicationError``: `activeMembers` when the group has members (nothing is changed then),
    ///   `invalidConfiguration` for a plan of another application, `kafka` when a step fails.
    public func reset(to plan: ReplayPlan) throws -> ResetReport {
        guard plan.applicationID == configuration.applicationID else {
            throw ApplicationError(
                .invalidConfiguration,
                "the plan is for application '\(plan.applicationID)', not '\(configuration.applicationID)'"
            )
        }
        let clock = ContinuousClock()
        let started = clock.now
        var report = ResetReport()
        let admin = try makeAdmin()
        defer { admin.close() }

        var step = clock.now
        try checkNoActiveMembers(admin)
        report.membersChecked = clock.now - step

        step = clock.now
        let known = try topicCounts(admin)
        let internalPlan = try InternalTopicPlan(
            topology: topology.resolved(applicationID: configuration.applicationID),
            applicationID: configuration.applicationID,
            known: known
        )
        report.deletedTopics = internalPlan.internalTopics.keys.filter { known[$0] != nil }.sorted()
        try deleteTopics(report.deletedTopics, admin: admin)
        report.topicsDeleted = clock.now - step

        step = clock.now
        report.createdTopics = internalPlan.internalTopics.keys.sorted()
        try createTopics(internalPlan, admin: admin)
        report.topicsCreated = clock.now - step

        step = clock.now
        var offsets = plan.startOffsets
        let repartitionTopics = Set(topology.resolved(applicationID: configuration.applicationID).internalTopics)
        for (topic, count) in internalPlan.internalTopics where repartitionTopics.contains(topic) {
            for partition in 0..<Int32(count) { offsets[TopicPartition(topic: topic, partition: partition)] = 0 }
        }
        try commit(offsets)
        report.committedOffsets = offsets.count
        report.offsetsCommitted = clock.now - step

        step = clock.now
        let directory = StateDirectory(
            root: configuration.stateDirectory,
            applicationID: configuration.applicationID,
            engine: configuration.storeEngine
        )
        do {
            try directory.wipe()
        } catch {
            throw ApplicationError(.kafka, "reset the group and topics, but could not remove the state: \(error)")
        }
        report.stateDirectory = directory.path
        report.stateWiped = clock.now - step

        report.elapsed = clock.now - started
        logger.info(
            "reset the application for a replay",
            metadata: [
                LogKey.topic: .string(report.createdTopics.joined(separator: ",")),
                LogKey.recordCount: .int(Int64(report.committedOffsets)),
                LogKey.durationSeconds: .double(report.elapsed.totalSeconds),
            ]
        )
        return report
    }

    // MARK: - Steps

    private func makeAdmin() throws -> KafkaAdmin {
        var adminConfiguration = configuration.kafka
        adminConfiguration.properties["log_level"] = "0"
        do {
            return try KafkaAdmin(configuration: adminConfiguration)
        } catch {
            throw ApplicationError(.invalidConfiguration, "invalid Kafka configuration: \(error.message)")
        }
    }

    private func checkNoActiveMembers(_ admin: KafkaAdmin) throws {
        let group: KafkaGroupDescription
        do {
            group = try admin.describeGroup(configuration.applicationID, timeout: configuration.startupTimeout)
        } catch {
            throw ApplicationError(
                .kafka,
                "cannot describe the group '\(configuration.applicationID)': \(error.message)"
            )
        }
        guard !group.members.isEmpty else { return }
        let clients = Set(group.members.map { "\($0.clientID)@\($0.clientHost)" }).sorted().joined(separator: ", ")
        throw ApplicationError(
            .activeMembers,
            "application '\(configuration.applicationID)' has \(group.members.count) active "
                + "member\(group.members.count == 1 ? "" : "s") (group state \(group.state); clients \(clients)): "
                + "stop every worker of the application before resetting it, or their next commit would undo "
                + "the reset; a worker that stopped without leaving the group is dropped once its session times out"
        )
    }

    private func topicCounts(_ admin: KafkaAdmin) throws -> [String: Int] {
        do {
            var known: [String: Int] = [:]
            for topic in try admin.metadata(timeout: configuration.startupTimeout) where topic.error == nil {
                known[topic.name] = topic.partitionCount
            }
            return known
        } catch {
            throw ApplicationError(.kafka, "cannot read the cluster's topics: \(error.message)")
        }
    }

    private func deleteTopics(_ names: [String], admin: KafkaAdmin) throws {
        guard !names.isEmpty else { return }
        do {
            try admin.deleteTopics(names, timeout: configuration.startupTimeout)
        } catch {
            throw ApplicationError(
                .kafka,
                "cannot delete the internal topics \(names.joined(separator: ", ")): \(error.message)"
            )
        }
        // Deletion may finish after the answer on a real cluster: wait until no topic is listed any more.
        let deadline = ContinuousClock.now + configuration.startupTimeout
        while ContinuousClock.now < deadline {
            let known = try topicCounts(admin)
            if !names.contains(where: { known[$0] != nil }) { return }
            Thread.sleep(forTimeInterval: 0.05)
        }
        throw ApplicationError(
            .kafka,
            "the internal topics were deleted but still listed after \(configuration.startupTimeout)"
        )
    }

    private func createTopics(_ internalPlan: InternalTopicPlan, admin: KafkaAdmin) throws {
        let topics = internalPlan.internalTopics.sorted { $0.key < $1.key }.map { topic, partitions in
            KafkaAdmin.NewTopic(
                name: topic,
                partitions: partitions,
                configs: internalPlan.changelogTopics.contains(topic) ? ["cleanup.policy": "compact"] : [:]
            )
        }
        guard !topics.isEmpty else { return }
        // A deleted topic may still be on its way out of a real cluster: create what is missing until all exist.
        let deadline = ContinuousClock.now + configuration.startupTimeout
        while true {
            let known = try topicCounts(admin)
            let missing = topics.filter { known[$0.name] == nil }
            if missing.isEmpty { return }
            guard ContinuousClock.now < deadline else {
                throw ApplicationError(
                    .kafka,
                    "the internal topics \(missing.map { $0.name }.joined(separator: ", ")) were not listed within "
                        + "\(configuration.startupTimeout) of creating them"
                )
            }
            do {
                try admin.createTopics(missing, timeout: configuration.startupTimeout)
            } catch {
                throw ApplicationError(.kafka, "cannot create the internal topics again: \(error.message)")
            }
        }
    }

    private func commit(_ offsets: [TopicPartition: Int64]) throws {
        guard !offsets.isEmpty else { return }
        var groupConfiguration = configuration.consumerConfiguration(threadIndex: 0)
        groupConfiguration.groupInstanceID = nil
        do {
            let consumer = try KafkaConsumer(configuration: groupConfiguration)
            defer { try? consumer.close() }
            try consumer.commit(offsets)
        } catch {
            throw ApplicationError(
                .kafka,
                "cannot commit the start offsets of group '\(configuration.applicationID)': \(error.message)"
            )
        }
    }
}
