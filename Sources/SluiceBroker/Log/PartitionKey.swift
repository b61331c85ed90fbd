/// A topic name and a partition index.
struct PartitionKey: Hashable, Comparable {
    var topic: String
    var partition: Int32

    static func < (lhs: PartitionKey, rhs: PartitionKey) -> Bool {
        (lhs.topic, lhs.partition) < (rhs.topic, rhs.partition)
    }
}
