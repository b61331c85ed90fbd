import CRdKafka

/// Turns librdkafka's error values into ``KafkaError``, reading every flag before the C error is freed.
enum RDKafkaErrors {
    static func name(of code: Int32) -> String {
        String(cString: rd_kafka_err2name(rd_kafka_resp_err_t(code)))
    }

    static func description(of code: Int32) -> String {
        String(cString: rd_kafka_err2str(rd_kafka_resp_err_t(code)))
    }

    /// Makes an error from a response code alone (no flags known).
    static func error(
        _ code: rd_kafka_resp_err_t,
        message: String? = nil,
        file: String = #fileID,
        line: UInt = #line
    ) -> KafkaError {
        KafkaError(
            code: .init(rawValue: code.rawValue),
            message: message,
            isRetriable: isRetriableByCode(code),
            file: file,
            line: line
        )
    }

    /// Makes an error from an `rd_kafka_error_t`, then destroys it.
    static func consume(
        _ error: OpaquePointer,
        file: String = #fileID,
        line: UInt = #line
    ) -> KafkaError {
        defer { rd_kafka_error_destroy(error) }
        return KafkaError(
            code: .init(rawValue: rd_kafka_error_code(error).rawValue),
            message: String(cString: rd_kafka_error_string(error)),
            isFatal: rd_kafka_error_is_fatal(error) != 0,
            isRetriable: rd_kafka_error_is_retriable(error) != 0,
            transactionRequiresAbort: rd_kafka_error_txn_requires_abort(error) != 0,
            file: file,
            line: line
        )
    }

    /// Throws when `error` is not null, destroying it.
    static func check(_ error: OpaquePointer?, file: String = #fileID, line: UInt = #line) throws(KafkaError) {
        if let error { throw consume(error, file: file, line: line) }
    }

    /// Throws when `code` is not `NO_ERROR`.
    static func check(_ code: rd_kafka_resp_err_t, file: String = #fileID, line: UInt = #line) throws(KafkaError) {
        if code != RD_KAFKA_RESP_ERR_NO_ERROR { throw error(code, file: file, line: line) }
    }

    /// Codes that librdkafka itself retries or that clear up by themselves.
    private static func isRetriableByCode(_ code: rd_kafka_resp_err_t) -> Bool {
        switch code {
        case RD_KAFKA_RESP_ERR__TIMED_OUT, RD_KAFKA_RESP_ERR__TRANSPORT, RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN,
            RD_KAFKA_RESP_ERR__QUEUE_FULL, RD_KAFKA_RESP_ERR_REQUEST_TIMED_OUT,
            RD_KAFKA_RESP_ERR_NOT_ENOUGH_REPLICAS, RD_KAFKA_RESP_ERR_COORDINATOR_NOT_AVAILABLE,
            RD_KAFKA_RESP_ERR_NOT_COORDINATOR, RD_KAFKA_RESP_ERR_COORDINATOR_LOAD_IN_PROGRESS,
            RD_KAFKA_RESP_ERR_LEADER_NOT_AVAILABLE, RD_KAFKA_RESP_ERR_NOT_LEADER_FOR_PARTITION,
            RD_KAFKA_RESP_ERR_CONCURRENT_TRANSACTIONS:
            return true
        default:
            return false
        }
    }
}
