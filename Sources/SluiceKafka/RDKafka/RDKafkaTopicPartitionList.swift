import CRdKafka

/// An owned `rd_kafka_topic_partition_list_t`, converted to and from Swift collections.
final class RDKafkaTopicPartitionList {
    let pointer: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>

    init(capacity: Int = 1) {
        pointer = rd_kafka_topic_partition_list_new(Int32(max(capacity, 1)))
    }

    convenience init(_ partitions: [TopicPartition]) {
        self.init(capacity: partitions.count)
        for partition in partitions {
            add(partition, offset: Int64(RD_KAFKA_OFFSET_INVALID))
        }
    }

    convenience init(_ offsets: [TopicPartition: Int64]) {
        self.init(capacity: offsets.count)
        for (partition, offset) in offsets.sorted(by: { $0.key < $1.key }) {
            add(partition, offset: offset)
        }
    }

    deinit {
        rd_kafka_topic_partition_list_destroy(pointer)
    }

    func add(_ partition: TopicPartition, offset: Int64) {
        let element = rd_kafka_topic_partition_list_add(pointer, partition.topic, partition.partition)
        element?.pointee.offset = offset
    }

    /// The partitions of a list librdkafka owns.
    static func partitions(of list: UnsafePointer<rd_kafka_topic_partition_list_t>?) -> [TopicPartition] {
        guard let list else { return [] }
        return (0..<Int(list.pointee.cnt)).map { index in
            let element = list.pointee.elems[index]
            return TopicPartition(topic: String(cString: element.topic), partition: element.partition)
        }
    }

    var partitions: [TopicPartition] {
        Self.partitions(of: pointer)
    }

    /// Each partition's offset; throws the first per-partition error.
    func offsets() throws(KafkaError) -> [TopicPartition: Int64] {
        var result: [TopicPartition: Int64] = [:]
        for index in 0..<Int(pointer.pointee.cnt) {
            let element = pointer.pointee.elems[index]
            let partition = TopicPartition(topic: String(cString: element.topic), partition: element.partition)
            if element.err != RD_KAFKA_RESP_ERR_NO_ERROR {
                throw RDKafkaErrors.error(
                    element.err,
                    message: "\(partition): \(RDKafkaErrors.description(of: element.err.rawValue))"
                )
            }
            result[partition] = element.offset
        }
        return result
    }
}
