import CRdKafka

/// The next offset to commit per partition of one topic, as the raw loops track it.
struct RawOffsets {
    /// Partition → offset after the last record consumed.
    private(set) var next: [Int32: Int64] = [:]

    /// Notes that `offset` of `partition` was consumed.
    mutating func consumed(partition: Int32, offset: Int64) {
        next[partition] = offset + 1
    }

    /// A C partition list of the offsets for `topic`; the caller destroys it.
    func list(topic: String) -> UnsafeMutablePointer<rd_kafka_topic_partition_list_t> {
        let list = rd_kafka_topic_partition_list_new(Int32(max(next.count, 1)))!
        for (partition, offset) in next {
            rd_kafka_topic_partition_list_add(list, topic, partition).pointee.offset = offset
        }
        return list
    }
}
