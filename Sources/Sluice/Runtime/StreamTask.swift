import SluiceKafka

/// The unit of work for one input partition: its own instance of the topology and how far it has got.
///
/// A task processes its records strictly in offset order, so a key, which always maps to one partition, is never
/// processed out of order. Owned by one stream thread.
final class StreamTask {
    let partition: TopicPartition
    let processor: TaskProcessor
    /// The offset after the last processed record: what a commit records for this partition.
    private(set) var nextOffset: Int64?
    /// The offset last committed for this task.
    private(set) var committedOffset: Int64?

    init(partition: TopicPartition, processor: TaskProcessor) {
        self.partition = partition
        self.processor = processor
    }

    var name: String {
        "\(partition.topic)-\(partition.partition)"
    }

    func advance(past offset: Int64) {
        nextOffset = offset + 1
    }

    func markCommitted(_ offset: Int64) {
        committedOffset = offset
        nextOffset = max(nextOffset ?? offset, offset)
    }

    /// Forgets uncommitted progress after a rewind.
    func forgetProgress() {
        nextOffset = committedOffset
    }
}
