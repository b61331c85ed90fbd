import SluiceKafka

/// Tells a bounded run when its input is drained, as the consumer group's committed offsets say, whichever
/// process committed them: every source partition has reached the end it had at start, and every repartition
/// partition has reached its end (its last stable offset) twice in a row with the same ends, so that no task was
/// still passing records (or its final watermark) from one internal topic to another in between.
final class DrainCheck {
    private let reader: KafkaConsumer
    private let group: KafkaConsumer
    private let partitions: [TopicPartition]
    private let sourceEnds: [TopicPartition: Int64]
    private var lastDrainedEnds: [TopicPartition: Int64]?
    private var lastCheck = ContinuousClock.now - .seconds(1)

    init(configuration: ApplicationConfiguration, sourceEnds: [TopicPartition: Int64], topics: [String: Int]) throws {
        self.sourceEnds = sourceEnds
        var readerConfiguration = configuration.consumerConfiguration(threadIndex: 0)
        readerConfiguration.groupID = nil
        readerConfiguration.groupInstanceID = nil
        reader = try KafkaConsumer(configuration: readerConfiguration)
        var groupConfiguration = configuration.consumerConfiguration(threadIndex: 0)
        groupConfiguration.groupInstanceID = nil
        group = try KafkaConsumer(configuration: groupConfiguration)
        partitions = topics.sorted { $0.key < $1.key }.flatMap { topic, count in
            (0..<Int32(count)).map { TopicPartition(topic: topic, partition: $0) }
        }
    }

    deinit {
        try? reader.close()
        try? group.close()
    }

    /// Whether the input is drained, checked at most twice a second.
    /// - Parameter sourcesCommittedHere: Whether this process's own commits already cover every source partition,
    ///   which saves asking the group (and is the only way on a cluster that does not keep transactional offsets,
    ///   such as librdkafka's mock).
    func isDrained(sourcesCommittedHere: Bool) throws -> Bool {
        if sourcesCommittedHere && partitions.isEmpty { return true }
        guard ContinuousClock.now - lastCheck >= .milliseconds(500) else { return false }
        lastCheck = ContinuousClock.now
        if !sourceEnds.isEmpty && !sourcesCommittedHere {
            let committed = try group.committed(Array(sourceEnds.keys))
            guard sourceEnds.allSatisfy({ (committed[$0.key] ?? -1) >= $0.value }) else { return false }
        }
        guard !partitions.isEmpty else { return true }
        var ends: [TopicPartition: Int64] = [:]
        for partition in partitions {
            let marks = try reader.watermarks(topic: partition.topic, partition: partition.partition)
            if marks.high > marks.low { ends[partition] = marks.high }
        }
        let committed = try group.committed(Array(ends.keys))
        let drained = ends.allSatisfy { partition, end in (committed[partition] ?? -1) >= end }
        defer { lastDrainedEnds = drained ? ends : nil }
        return drained && lastDrainedEnds == ends
    }
}
