import CRdKafka

extension RDKafkaClient {
    /// Redirects the main queue to the consumer queue, so one poll serves records, rebalances, logs and errors.
    func routeEventsToConsumerQueue() {
        rd_kafka_poll_set_consumer(handle)
    }

    func subscribe(topics: [String]) throws(KafkaError) {
        try ensureAlive()
        let list = RDKafkaTopicPartitionList(capacity: topics.count)
        for topic in topics {
            list.add(TopicPartition(topic: topic, partition: RD_KAFKA_PARTITION_UA), offset: 0)
        }
        try RDKafkaErrors.check(rd_kafka_subscribe(handle, list.pointer))
    }

    func unsubscribe() throws(KafkaError) {
        try ensureAlive()
        try RDKafkaErrors.check(rd_kafka_unsubscribe(handle))
    }

    func assign(_ offsets: [TopicPartition: Int64]) throws(KafkaError) {
        try ensureAlive()
        let list = RDKafkaTopicPartitionList(offsets)
        try RDKafkaErrors.check(rd_kafka_assign(handle, list.pointer))
    }

    func assignment() throws(KafkaError) -> [TopicPartition] {
        try ensureAlive()
        var list: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>?
        try RDKafkaErrors.check(rd_kafka_assignment(handle, &list))
        defer { if let list { rd_kafka_topic_partition_list_destroy(list) } }
        return RDKafkaTopicPartitionList.partitions(of: list)
    }

    /// Reads up to `maxRecords` messages, copying each one out before it is freed.
    ///
    /// Returns as soon as one message is there (or at the timeout), with every other message already queued:
    /// `rd_kafka_consume_batch_queue` alone waits until the batch is full or the timeout passes, which at a
    /// moderate rate holds each record for up to the whole timeout.
    func consumeBatch(
        maxRecords: Int,
        timeout: Duration,
        topicNames: inout [OpaquePointer: String]
    ) -> KafkaConsumer.PollResult {
        var result = KafkaConsumer.PollResult()
        guard isAlive, let queue = rd_kafka_queue_get_consumer(handle) else { return result }
        defer { rd_kafka_queue_destroy(queue) }

        let messages = UnsafeMutablePointer<UnsafeMutablePointer<rd_kafka_message_t>?>.allocate(capacity: maxRecords)
        defer { messages.deallocate() }
        var count = rd_kafka_consume_batch_queue(queue, timeout.timeoutMilliseconds, messages, 1)
        guard count > 0 else { return result }
        if maxRecords > 1 {
            let more = rd_kafka_consume_batch_queue(queue, 0, messages + 1, maxRecords - 1)
            if more > 0 { count += more }
        }

        result.records.reserveCapacity(count)
        for index in 0..<count {
            guard let message = messages[index] else { continue }
            defer { rd_kafka_message_destroy(message) }
            let rkmessage = message.pointee
            let topic = Self.topicName(rkmessage.rkt, cache: &topicNames)

            if rkmessage.err != RD_KAFKA_RESP_ERR_NO_ERROR {
                if rkmessage.err == RD_KAFKA_RESP_ERR__PARTITION_EOF {
                    result.partitionsAtEnd.append(TopicPartition(topic: topic, partition: rkmessage.partition))
                } else {
                    let text = rd_kafka_message_errstr(message).map { String(cString: $0) }
                    result.errors.append(RDKafkaErrors.error(rkmessage.err, message: text))
                }
                continue
            }
            result.records.append(Self.copyRecord(message, topic: topic))
        }
        return result
    }

    private static func topicName(_ topic: OpaquePointer?, cache: inout [OpaquePointer: String]) -> String {
        guard let topic else { return "" }
        if let cached = cache[topic] { return cached }
        let name = String(cString: rd_kafka_topic_name(topic))
        cache[topic] = name
        return name
    }

    private static func copyRecord(_ message: UnsafeMutablePointer<rd_kafka_message_t>, topic: String) -> KafkaRecord {
        let rkmessage = message.pointee
        let key = rkmessage.key.map { pointer in
            Array(UnsafeRawBufferPointer(start: pointer, count: rkmessage.key_len))
        }
        let value = rkmessage.payload.map { pointer in
            Array(UnsafeRawBufferPointer(start: pointer, count: rkmessage.len))
        }
        var timestampType = RD_KAFKA_TIMESTAMP_NOT_AVAILABLE
        let timestamp = rd_kafka_message_timestamp(message, &timestampType)

        var headers: [KafkaHeader] = []
        var headerList: OpaquePointer?
        if rd_kafka_message_headers(message, &headerList) == RD_KAFKA_RESP_ERR_NO_ERROR, let headerList {
            var index = 0
            var name: UnsafePointer<CChar>?
            var bytes: UnsafeRawPointer?
            var size = 0
            while rd_kafka_header_get_all(headerList, index, &name, &bytes, &size) == RD_KAFKA_RESP_ERR_NO_ERROR {
                let value = bytes.map { Array(UnsafeRawBufferPointer(start: $0, count: size)) }
                headers.append(KafkaHeader(key: name.map { String(cString: $0) } ?? "", value: value))
                index += 1
            }
        }

        return KafkaRecord(
            topic: topic,
            partition: rkmessage.partition,
            offset: rkmessage.offset,
            timestamp: timestampType == RD_KAFKA_TIMESTAMP_NOT_AVAILABLE ? nil : timestamp,
            key: key,
            value: value,
            headers: headers
        )
    }

    func commit(_ offsets: [TopicPartition: Int64]?, asynchronously: Bool) throws(KafkaError) {
        try ensureAlive()
        let list = offsets.map { RDKafkaTopicPartitionList($0) }
        try RDKafkaErrors.check(rd_kafka_commit(handle, list?.pointer, asynchronously ? 1 : 0))
    }

    func committed(_ partitions: [TopicPartition], timeout: Duration) throws(KafkaError) -> [TopicPartition: Int64] {
        try ensureAlive()
        let list = RDKafkaTopicPartitionList(partitions)
        try RDKafkaErrors.check(rd_kafka_committed(handle, list.pointer, timeout.timeoutMilliseconds))
        return try list.offsets()
    }

    func position(_ partitions: [TopicPartition]) throws(KafkaError) -> [TopicPartition: Int64] {
        try ensureAlive()
        let list = RDKafkaTopicPartitionList(partitions)
        try RDKafkaErrors.check(rd_kafka_position(handle, list.pointer))
        return try list.offsets()
    }

    func seek(_ offsets: [TopicPartition: Int64], timeout: Duration) throws(KafkaError) {
        try ensureAlive()
        let list = RDKafkaTopicPartitionList(offsets)
        try RDKafkaErrors.check(rd_kafka_seek_partitions(handle, list.pointer, timeout.timeoutMilliseconds))
        _ = try list.offsets()
    }

    func pause(_ partitions: [TopicPartition]) throws(KafkaError) {
        try ensureAlive()
        let list = RDKafkaTopicPartitionList(partitions)
        try RDKafkaErrors.check(rd_kafka_pause_partitions(handle, list.pointer))
    }

    func resume(_ partitions: [TopicPartition]) throws(KafkaError) {
        try ensureAlive()
        let list = RDKafkaTopicPartitionList(partitions)
        try RDKafkaErrors.check(rd_kafka_resume_partitions(handle, list.pointer))
    }

    func groupMetadata() -> KafkaGroupMetadata? {
        guard isAlive else { return nil }
        return rd_kafka_consumer_group_metadata(handle).map(KafkaGroupMetadata.init(pointer:))
    }

    /// Leaves the group (revoking partitions through the rebalance handler) and stops fetching.
    func closeConsumer() throws(KafkaError) {
        try ensureAlive()
        try RDKafkaErrors.check(rd_kafka_consumer_close(handle))
    }
}

/// The assignment calls behind a rebalance, for the eager and the cooperative protocol.
enum RDKafkaRebalance {
    static func isCooperative(_ client: OpaquePointer) -> Bool {
        guard let name = rd_kafka_rebalance_protocol(client) else { return false }
        return String(cString: name) == "COOPERATIVE"
    }

    static func isLost(_ client: OpaquePointer) -> Bool {
        rd_kafka_assignment_lost(client) != 0
    }

    /// Applies the assignment change librdkafka asked for; returns an error text when it failed.
    @discardableResult
    static func applyDefault(
        client: OpaquePointer,
        code: rd_kafka_resp_err_t,
        partitions: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>?
    ) -> String? {
        let cooperative = isCooperative(client)
        if code == RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS {
            if cooperative {
                if let error = rd_kafka_incremental_assign(client, partitions) {
                    return RDKafkaErrors.consume(error).description
                }
                return nil
            }
            let result = rd_kafka_assign(client, partitions)
            return result == RD_KAFKA_RESP_ERR_NO_ERROR ? nil : RDKafkaErrors.description(of: result.rawValue)
        }
        if cooperative {
            if let error = rd_kafka_incremental_unassign(client, partitions) {
                return RDKafkaErrors.consume(error).description
            }
            return nil
        }
        let result = rd_kafka_assign(client, nil)
        return result == RD_KAFKA_RESP_ERR_NO_ERROR ? nil : RDKafkaErrors.description(of: result.rawValue)
    }
}
