import SluiceKafka

/// The unit of work: one sub-topology and one partition number, reading that partition of each of the
/// sub-topology's source topics, with its own instance of the graph and, when it keeps state, its stores.
///
/// A task processes each partition's records strictly in offset order, so a key, which always maps to one
/// partition, is never processed out of order. Owned by one stream thread.
final class StreamTask {
    /// The task id, `<sub-topology>_<partition>`.
    let id: String
    let processor: TaskProcessor
    /// The source partitions assigned to this thread that the task reads.
    private(set) var partitions: Set<TopicPartition> = []
    /// The offset after the last processed record, per partition: what a commit records.
    private var nextOffsets: [TopicPartition: Int64] = [:]
    /// The offset last committed, per partition.
    private var committedOffsets: [TopicPartition: Int64] = [:]
    /// Table partitions still being read to their end (offset to reach) before the other partitions resume.
    var bootstrapping: [TopicPartition: Int64] = [:]
    /// Whether the task has sent its final watermark in a bounded run.
    var drained = false

    init(id: String, processor: TaskProcessor) {
        self.id = id
        self.processor = processor
    }

    var state: TaskState? { processor.state }

    func add(_ partition: TopicPartition) {
        partitions.insert(partition)
    }

    func remove(_ partition: TopicPartition) {
        partitions.remove(partition)
        nextOffsets[partition] = nil
        committedOffsets[partition] = nil
        bootstrapping[partition] = nil
    }

    func nextOffset(_ partition: TopicPartition) -> Int64? {
        nextOffsets[partition]
    }

    /// The offset last committed (or rewound to), `nil` before the first commit or rewind since the partition was
    /// assigned.
    func committedOffset(_ partition: TopicPartition) -> Int64? {
        committedOffsets[partition]
    }

    func advance(_ partition: TopicPartition, past offset: Int64) {
        nextOffsets[partition] = offset + 1
    }

    func markCommitted(_ partition: TopicPartition, _ offset: Int64) {
        committedOffsets[partition] = offset
        nextOffsets[partition] = max(nextOffsets[partition] ?? offset, offset)
    }

    /// Forgets uncommitted progress after a rewind, including uncommitted state.
    func forgetProgress(_ partition: TopicPartition) {
        nextOffsets[partition] = committedOffsets[partition]
        state?.aborted()
        processor.discardLaneWork()
        // A final watermark sent in the aborted transaction is sent again.
        drained = false
    }
}
