import CRdKafka

extension RDKafkaClient {
    /// Creates topics through the Admin API and waits for each topic's answer.
    /// - Returns: Each topic's error, or `nil` where it was created.
    func createTopics(
        _ topics: [(name: String, partitions: Int, configs: [String: String])],
        timeout: Duration
    ) throws(KafkaError) -> [String: KafkaError?] {
        try ensureAlive()
        var errorText = [CChar](repeating: 0, count: 512)
        var newTopics: [OpaquePointer?] = []
        defer { newTopics.forEach { rd_kafka_NewTopic_destroy($0) } }
        for topic in topics {
            guard let created = rd_kafka_NewTopic_new(topic.name, Int32(topic.partitions), -1, &errorText, 512)
            else {
                throw KafkaError(
                    code: .invalidArgument,
                    message: "topic '\(topic.name)': \(errorText.nulTerminatedString)"
                )
            }
            for (key, value) in topic.configs {
                _ = rd_kafka_NewTopic_set_config(created, key, value)
            }
            newTopics.append(created)
        }
        return try runAdmin(timeout: timeout) { options, queue in
            rd_kafka_CreateTopics(handle, &newTopics, newTopics.count, options, queue)
        } results: { event in
            var count = 0
            let result = rd_kafka_event_CreateTopics_result(event)
            let answers = rd_kafka_CreateTopics_result_topics(result, &count)
            return (answers, count)
        }
    }

    /// Deletes topics through the Admin API and waits for each topic's answer.
    func deleteTopics(_ names: [String], timeout: Duration) throws(KafkaError) -> [String: KafkaError?] {
        try ensureAlive()
        var deletions: [OpaquePointer?] = names.map { rd_kafka_DeleteTopic_new($0) }
        defer { deletions.forEach { rd_kafka_DeleteTopic_destroy($0) } }
        return try runAdmin(timeout: timeout) { options, queue in
            rd_kafka_DeleteTopics(handle, &deletions, deletions.count, options, queue)
        } results: { event in
            var count = 0
            let result = rd_kafka_event_DeleteTopics_result(event)
            let answers = rd_kafka_DeleteTopics_result_topics(result, &count)
            return (answers, count)
        }
    }

    private func runAdmin(
        timeout: Duration,
        start: (OpaquePointer?, OpaquePointer?) -> Void,
        results: (OpaquePointer?) -> (UnsafeMutablePointer<OpaquePointer?>?, Int)
    ) throws(KafkaError) -> [String: KafkaError?] {
        guard let queue = rd_kafka_queue_new(handle) else {
            throw KafkaError(code: .state, message: "could not create an admin result queue")
        }
        defer { rd_kafka_queue_destroy(queue) }
        let options = rd_kafka_AdminOptions_new(handle, RD_KAFKA_ADMIN_OP_ANY)
        defer { rd_kafka_AdminOptions_destroy(options) }
        var errorText = [CChar](repeating: 0, count: 512)
        _ = rd_kafka_AdminOptions_set_operation_timeout(options, timeout.timeoutMilliseconds, &errorText, 512)
        _ = rd_kafka_AdminOptions_set_request_timeout(options, timeout.timeoutMilliseconds, &errorText, 512)

        start(options, queue)
        guard let event = rd_kafka_queue_poll(queue, timeout.timeoutMilliseconds + 1_000) else {
            throw KafkaError(code: .timedOut, message: "the admin request got no answer within \(timeout)")
        }
        defer { rd_kafka_event_destroy(event) }
        let eventError = rd_kafka_event_error(event)
        if eventError != RD_KAFKA_RESP_ERR_NO_ERROR {
            let text = rd_kafka_event_error_string(event).map { String(cString: $0) }
            throw RDKafkaErrors.error(eventError, message: text)
        }

        var answers: [String: KafkaError?] = [:]
        let (topics, count) = results(event)
        for index in 0..<count {
            guard let topic = topics?[index] else { continue }
            let name = String(cString: rd_kafka_topic_result_name(topic))
            let code = rd_kafka_topic_result_error(topic)
            let text = rd_kafka_topic_result_error_string(topic).map { String(cString: $0) }
            answers[name] = code == RD_KAFKA_RESP_ERR_NO_ERROR ? nil : RDKafkaErrors.error(code, message: text)
        }
        return answers
    }
}
