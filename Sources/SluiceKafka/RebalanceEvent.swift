/// A change of a consumer's assignment, delivered synchronously inside ``KafkaConsumer/poll(maxRecords:timeout:)``
/// on the thread that polls.
///
/// - Important: The handler runs before librdkafka gives partitions up, so a handler that commits on
///   ``revoked(_:)`` commits while the consumer still owns them. On ``lost(_:)`` the partitions already belong to
///   someone else: do not commit, drop the work instead.
public enum RebalanceEvent: Sendable, Hashable {
    /// Partitions newly assigned to this consumer (with cooperative assignment: only the added ones).
    case assigned([TopicPartition])
    /// Partitions about to be taken away; the consumer still owns them while the handler runs.
    case revoked([TopicPartition])
    /// Partitions lost without a clean hand-over (session timeout, fencing); they may already have a new owner.
    case lost([TopicPartition])
}
