import SluiceKafka

/// How the runtime reacts to a failed transactional call, classified the way Kafka Streams does it.
///
/// The error code decides before librdkafka's flags, because librdkafka 2.0.2 flags some fencing codes as merely
/// abortable: INVALID_PRODUCER_EPOCH (47), PRODUCER_FENCED (90), `_FENCED` and INVALID_PRODUCER_ID_MAPPING (49)
/// mean the tasks migrated to another instance. Then the flags: fatal, abortable, retriable. An error with none of
/// the flags is treated as fatal and is never followed by a commit.
enum TransactionFailure: Equatable {
    /// Another instance owns the transactional id now: close the producer, build a new one, rewind.
    case fenced
    /// Abort the transaction, rewind every assigned partition to its committed offset, go on.
    case abortable
    /// The call may succeed if made again (within a bound).
    case retriable
    /// Stop the thread.
    case fatal

    static func classify(_ error: KafkaError, producerFatalError: KafkaError? = nil) -> TransactionFailure {
        var code = error.code
        if code == .fatal, let underlying = producerFatalError {
            code = underlying.code
        }
        switch code.rawValue {
        case KafkaError.Code.invalidProducerEpoch.rawValue, KafkaError.Code.producerFenced.rawValue,
            KafkaError.Code.fenced.rawValue, 49:
            return .fenced
        default:
            break
        }
        if error.isFatal { return .fatal }
        if error.transactionRequiresAbort { return .abortable }
        if error.isRetriable { return .retriable }
        return .fatal
    }
}
