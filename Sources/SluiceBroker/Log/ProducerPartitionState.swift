/// What a partition remembers about one producer id: its epoch and recent sequence numbers, for
/// idempotent de-duplication.
struct ProducerPartitionState {
    /// A batch already appended: its sequence range and where it landed.
    struct AppendedBatch {
        var baseSequence: Int32
        var lastSequence: Int32
        var baseOffset: Int64
    }

    var epoch: Int16
    /// The last sequence appended in this epoch, -1 before the first batch.
    var lastSequence: Int32 = -1
    /// The last five batches (the most a client keeps in flight).
    var recent: [AppendedBatch] = []

    init(epoch: Int16) {
        self.epoch = epoch
    }

    mutating func record(_ batch: AppendedBatch) {
        lastSequence = batch.lastSequence
        recent.append(batch)
        if recent.count > 5 { recent.removeFirst() }
    }
}
