import CRdKafka

extension RDKafkaClient {
    /// Enqueues one record; librdkafka copies the key, value and headers.
    /// - Throws: ``KafkaError`` with code `queueFull` when the local queue is full, or the enqueue error.
    func produce(_ record: KafkaProducerRecord) throws(KafkaError) {
        try ensureAlive()
        guard let topic = topicHandle(record.topic) else {
            throw KafkaError(code: .destroy, message: "the producer is closed")
        }
        var headers: OpaquePointer?
        if !record.headers.isEmpty {
            headers = rd_kafka_headers_new(record.headers.count)
            for header in record.headers {
                _ = header.value.withOptionalBytes { pointer, count in
                    rd_kafka_header_add(headers, header.key, -1, pointer, count)
                }
            }
        }

        let error: OpaquePointer? = record.key.withOptionalBytes { keyPointer, keyCount in
            record.value.withOptionalBytes { valuePointer, valueCount in
                var values: [rd_kafka_vu_t] = [
                    rd_kafka_vu_t(vtype: RD_KAFKA_VTYPE_RKT, u: .init(rkt: topic)),
                    rd_kafka_vu_t(vtype: RD_KAFKA_VTYPE_MSGFLAGS, u: .init(i: RD_KAFKA_MSG_F_COPY)),
                    rd_kafka_vu_t(
                        vtype: RD_KAFKA_VTYPE_VALUE,
                        u: .init(mem: .init(ptr: UnsafeMutableRawPointer(mutating: valuePointer), size: valueCount))
                    ),
                    rd_kafka_vu_t(
                        vtype: RD_KAFKA_VTYPE_KEY,
                        u: .init(mem: .init(ptr: UnsafeMutableRawPointer(mutating: keyPointer), size: keyCount))
                    ),
                ]
                if let partition = record.partition {
                    values.append(rd_kafka_vu_t(vtype: RD_KAFKA_VTYPE_PARTITION, u: .init(i32: partition)))
                }
                if let timestamp = record.timestamp {
                    values.append(rd_kafka_vu_t(vtype: RD_KAFKA_VTYPE_TIMESTAMP, u: .init(i64: timestamp)))
                }
                if let headers {
                    values.append(rd_kafka_vu_t(vtype: RD_KAFKA_VTYPE_HEADERS, u: .init(headers: headers)))
                }
                return values.withUnsafeBufferPointer { buffer in
                    rd_kafka_produceva(handle, buffer.baseAddress, buffer.count)
                }
            }
        }
        if let error {
            // On failure the headers were not taken over by librdkafka.
            if let headers { rd_kafka_headers_destroy(headers) }
            throw RDKafkaErrors.consume(error)
        }
    }

    /// Waits until every enqueued record is delivered or failed.
    func flush(timeout: Duration) throws(KafkaError) {
        try ensureAlive()
        try RDKafkaErrors.check(rd_kafka_flush(handle, timeout.timeoutMilliseconds))
    }

    /// Records enqueued and not yet delivered or failed, requests included.
    var outstandingCount: Int {
        isAlive ? Int(rd_kafka_outq_len(handle)) : 0
    }

    func initTransactions(timeout: Duration) throws(KafkaError) {
        try ensureAlive()
        try RDKafkaErrors.check(rd_kafka_init_transactions(handle, timeout.timeoutMilliseconds))
    }

    func beginTransaction() throws(KafkaError) {
        try ensureAlive()
        try RDKafkaErrors.check(rd_kafka_begin_transaction(handle))
    }

    func sendOffsetsToTransaction(
        _ offsets: [TopicPartition: Int64],
        groupMetadata: KafkaGroupMetadata,
        timeout: Duration
    ) throws(KafkaError) {
        try ensureAlive()
        let list = RDKafkaTopicPartitionList(offsets)
        try RDKafkaErrors.check(
            rd_kafka_send_offsets_to_transaction(
                handle,
                list.pointer,
                groupMetadata.pointer,
                timeout.timeoutMilliseconds
            )
        )
    }

    func commitTransaction(timeout: Duration) throws(KafkaError) {
        try ensureAlive()
        try RDKafkaErrors.check(rd_kafka_commit_transaction(handle, timeout.timeoutMilliseconds))
    }

    func abortTransaction(timeout: Duration) throws(KafkaError) {
        try ensureAlive()
        try RDKafkaErrors.check(rd_kafka_abort_transaction(handle, timeout.timeoutMilliseconds))
    }
}

extension Optional where Wrapped == [UInt8] {
    /// Calls `body` with the bytes' address and count, or with `nil` and 0 for a null value.
    func withOptionalBytes<Result>(_ body: (UnsafeRawPointer?, Int) -> Result) -> Result {
        switch self {
        case .none:
            return body(nil, 0)
        case .some(let bytes):
            return bytes.withUnsafeBytes { buffer in
                // An empty array has no guaranteed address; librdkafka needs a non-null pointer for an empty
                // (not null) key or value.
                body(buffer.baseAddress ?? emptyBytesAddress, buffer.count)
            }
        }
    }
}

nonisolated(unsafe) private let emptyBytesAddress = UnsafeRawPointer(
    UnsafeMutableRawPointer.allocate(byteCount: 1, alignment: 1)
)
