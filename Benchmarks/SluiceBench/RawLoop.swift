import CRdKafka
import Foundation

/// The raw baselines, written straight against librdkafka's C API with no framework code: a consume-only loop,
/// a consume→produce copy loop committing offsets after a flush (at-least-once), and the same loop inside
/// transactions (`send_offsets_to_transaction` then `commit_transaction`).
struct RawLoop {
    /// Which loop.
    var contestant: Contestant
    /// The broker's bootstrap servers.
    var bootstrap: String
    /// The input topic.
    var inputTopic: String
    /// The output topic of the copy loops.
    var outputTopic: String
    /// Records of the preloaded backlog: throughput is measured over these.
    var backlog: Int
    /// Records to read before stopping: the backlog plus the paced records latency is measured on.
    var expected: Int
    /// How often the copy loops commit.
    var commitMilliseconds: Int

    /// Runs the loop to the end of the expected input and reports what it did.
    func run() throws -> ChildReport {
        var consumerProperties = BenchSettings.consumer
        consumerProperties["bootstrap.servers"] = bootstrap
        consumerProperties["group.id"] = contestant.groupID ?? "bench-\(contestant.rawValue)"
        consumerProperties["client.id"] = "bench-\(contestant.rawValue)"
        let consumer = try RawClient(type: RD_KAFKA_CONSUMER, properties: consumerProperties)
        try consumer.subscribe(inputTopic)

        var producer: RawClient?
        if contestant != .rawConsume {
            var producerProperties = BenchSettings.producer
            producerProperties["bootstrap.servers"] = bootstrap
            producerProperties["client.id"] = "bench-\(contestant.rawValue)-producer"
            if contestant == .rawTransactional {
                producerProperties["transactional.id"] = "bench-raw-transactional"
                producerProperties["transaction.timeout.ms"] = "10000"
                producerProperties["socket.timeout.ms"] = "10000"
                producerProperties["message.timeout.ms"] = "10000"
            }
            producer = try RawClient(type: RD_KAFKA_PRODUCER, properties: producerProperties)
        }
        if contestant == .rawTransactional, let producer {
            try RawClient.check(rd_kafka_init_transactions(producer.handle, 30_000), "init_transactions")
            try RawClient.check(rd_kafka_begin_transaction(producer.handle), "begin_transaction")
        }
        let outputHandle = producer.flatMap { rd_kafka_topic_new($0.handle, outputTopic, nil) }
        defer { if let outputHandle { rd_kafka_topic_destroy(outputHandle) } }

        var report = ChildReport()
        var latencies: [Int64] = []
        if contestant == .rawConsume { latencies.reserveCapacity(expected) }
        var offsets = RawOffsets()
        var lastCommit = BenchClock.epochMilliseconds()
        guard let queue = rd_kafka_queue_get_consumer(consumer.handle) else {
            throw BenchError("the consumer has no queue")
        }
        defer { rd_kafka_queue_destroy(queue) }
        let messages = UnsafeMutablePointer<UnsafeMutablePointer<rd_kafka_message_t>?>.allocate(
            capacity: BenchSettings.pollBatch
        )
        defer { messages.deallocate() }

        var lastProgress = BenchClock.epochMilliseconds()
        while report.consumed < expected {
            let count = rd_kafka_consume_batch_queue(
                queue,
                Int32(BenchSettings.readerPollMilliseconds),
                messages,
                BenchSettings.pollBatch
            )
            let now = BenchClock.epochMilliseconds()
            if now - lastProgress > (report.consumed == 0 ? 60_000 : 15_000) {
                // The mock cluster drops old batches past about 5 MiB per partition: stop rather than wait forever.
                throw BenchError("stalled at \(report.consumed) of \(expected) records")
            }
            if count > 0 {
                lastProgress = now
                for index in 0..<count {
                    guard let message = messages[index] else { continue }
                    defer { rd_kafka_message_destroy(message) }
                    guard message.pointee.err == RD_KAFKA_RESP_ERR_NO_ERROR else { continue }
                    report.consumed += 1
                    offsets.consumed(partition: message.pointee.partition, offset: message.pointee.offset)
                    if let producer, let outputHandle {
                        try produceCopy(of: message, producer: producer.handle, topic: outputHandle)
                        report.produced += 1
                    } else if report.consumed > backlog, let loadedAt = Self.loadedAt(message) {
                        latencies.append(now - loadedAt)
                    }
                    if report.consumed == backlog {
                        report.backlogDoneAt = Double(now) / 1_000
                        // Tells the harness to start the paced records.
                        FileHandle.standardOutput.write(Data("drained\n".utf8))
                    }
                }
                if report.firstRecordAt == nil { report.firstRecordAt = Double(now) / 1_000 }
            }
            if let producer {
                rd_kafka_poll(producer.handle, 0)
                if now - lastCommit >= commitMilliseconds || report.consumed >= expected {
                    try commit(consumer: consumer.handle, producer: producer.handle, offsets: offsets)
                    report.commits += 1
                    lastCommit = BenchClock.epochMilliseconds()
                }
            }
        }
        report.latency = LatencySummary(latencies)
        _ = rd_kafka_consumer_close(consumer.handle)
        return report
    }

    private func produceCopy(
        of message: UnsafeMutablePointer<rd_kafka_message_t>,
        producer: OpaquePointer,
        topic: OpaquePointer
    ) throws {
        var headers: OpaquePointer?
        _ = rd_kafka_message_detach_headers(message, &headers)
        while true {
            var values: [rd_kafka_vu_t] = [
                rd_kafka_vu_t(vtype: RD_KAFKA_VTYPE_RKT, u: .init(rkt: topic)),
                rd_kafka_vu_t(vtype: RD_KAFKA_VTYPE_MSGFLAGS, u: .init(i: RD_KAFKA_MSG_F_COPY)),
                rd_kafka_vu_t(vtype: RD_KAFKA_VTYPE_PARTITION, u: .init(i32: message.pointee.partition)),
                rd_kafka_vu_t(
                    vtype: RD_KAFKA_VTYPE_VALUE,
                    u: .init(mem: .init(ptr: message.pointee.payload, size: message.pointee.len))
                ),
                rd_kafka_vu_t(
                    vtype: RD_KAFKA_VTYPE_KEY,
                    u: .init(mem: .init(ptr: message.pointee.key, size: message.pointee.key_len))
                ),
            ]
            if let headers { values.append(rd_kafka_vu_t(vtype: RD_KAFKA_VTYPE_HEADERS, u: .init(headers: headers))) }
            let error = values.withUnsafeBufferPointer { rd_kafka_produceva(producer, $0.baseAddress, $0.count) }
            guard let error else { return }
            if rd_kafka_error_code(error) == RD_KAFKA_RESP_ERR__QUEUE_FULL {
                rd_kafka_error_destroy(error)
                rd_kafka_poll(producer, 5)
                continue
            }
            if let headers { rd_kafka_headers_destroy(headers) }
            try RawClient.check(error, "produce")
        }
    }

    private func commit(consumer: OpaquePointer, producer: OpaquePointer, offsets: RawOffsets) throws {
        guard !offsets.next.isEmpty else { return }
        let list = offsets.list(topic: inputTopic)
        defer { rd_kafka_topic_partition_list_destroy(list) }
        if contestant == .rawTransactional {
            let group = rd_kafka_consumer_group_metadata(consumer)
            defer { rd_kafka_consumer_group_metadata_destroy(group) }
            try RawClient.check(
                rd_kafka_send_offsets_to_transaction(producer, list, group, 30_000),
                "send_offsets_to_transaction"
            )
            try RawClient.check(rd_kafka_commit_transaction(producer, 30_000), "commit_transaction")
            try RawClient.check(rd_kafka_begin_transaction(producer), "begin_transaction")
        } else {
            try RawClient.check(rd_kafka_flush(producer, 30_000), "flush")
            try RawClient.check(rd_kafka_commit(consumer, list, 0), "commit")
        }
    }

    /// The `sluice.loaded_at` header of a message, if present and numeric.
    static func loadedAt(_ message: UnsafeMutablePointer<rd_kafka_message_t>) -> Int64? {
        var headers: OpaquePointer?
        guard rd_kafka_message_headers(message, &headers) == RD_KAFKA_RESP_ERR_NO_ERROR, let headers else {
            return nil
        }
        var value: UnsafeRawPointer?
        var size = 0
        guard
            rd_kafka_header_get_last(headers, BenchSettings.loadedAtHeader, &value, &size)
                == RD_KAFKA_RESP_ERR_NO_ERROR, let value
        else { return nil }
        return BenchClock.parseMilliseconds(UnsafeRawBufferPointer(start: value, count: size))
    }
}
