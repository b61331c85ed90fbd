import SluiceKafka
import Synchronization

/// The highest delivered offset of each changelog partition, collected from the producer's delivery reports, so
/// that a checkpoint can record what a committed transaction wrote.
///
/// Delivery reports may trail a commit, so a checkpoint can lag one commit behind; it is never ahead, which is
/// what matters: restoring from a lower offset re-applies records the store already holds.
final class ChangelogOffsets: Sendable {
    private let topics: Set<String>
    private let ends = Mutex<[TopicPartition: Int64]>([:])

    init(topics: Set<String>) {
        self.topics = topics
    }

    /// Notes one delivery report.
    func note(_ report: DeliveryReport) {
        guard report.error == nil, report.offset >= 0, topics.contains(report.topic) else { return }
        let partition = TopicPartition(topic: report.topic, partition: report.partition)
        ends.withLock { ends in
            ends[partition] = max(ends[partition] ?? 0, report.offset + 1)
        }
    }

    /// Returns and forgets what was noted.
    func take() -> [TopicPartition: Int64] {
        ends.withLock { ends in
            defer { ends = [:] }
            return ends
        }
    }
}
