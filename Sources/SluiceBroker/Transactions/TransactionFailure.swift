/// A coordinator check that failed, carrying the Kafka error code to answer.
struct TransactionFailure: Error {
    var code: Int16
}
