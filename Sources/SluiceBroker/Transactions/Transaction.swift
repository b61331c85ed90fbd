/// The coordinator's state for one transactional id.
final class Transaction {
    let transactionalID: String
    var producerID: Int64
    var producerEpoch: Int16
    var timeout: Duration
    var phase: TransactionPhase = .empty
    var startedAt: ContinuousClock.Instant?
    var partitions: Set<PartitionKey> = []
    var groups: Set<String> = []
    /// Offsets sent with TxnOffsetCommit, applied to the groups only on commit.
    var pendingOffsets: [String: [PartitionKey: CommittedOffset]] = [:]

    init(transactionalID: String, producerID: Int64, producerEpoch: Int16, timeout: Duration) {
        self.transactionalID = transactionalID
        self.producerID = producerID
        self.producerEpoch = producerEpoch
        self.timeout = timeout
    }

    /// Moves an idle transaction to ongoing and starts its timeout clock.
    func begin(now: ContinuousClock.Instant) {
        guard phase != .ongoing else { return }
        phase = .ongoing
        startedAt = now
        partitions = []
        groups = []
        pendingOffsets = [:]
    }
}
