import SluiceKafka

/// What an instantiated topology needs from the task that runs it: a place to send its output records.
///
/// The runtime implements it over a producer; `TopologyTestDriver` implements it in memory. A ``TaskProcessor``
/// holds its collector strongly, so the collector must not hold its processor strongly.
package protocol RecordCollector: AnyObject {
    /// Sends one output record.
    ///
    /// For a null key the collector sends to `sourcePartition % partitionCount(topic)`, so a rerun places the
    /// record identically; for a non-null key it lets the producer's murmur2 partitioner choose.
    /// - Parameters:
    ///   - topic: The sink's topic.
    ///   - key: The serialized key, or `nil` for a null key.
    ///   - value: The serialized value, or `nil` for a null value.
    ///   - headers: The headers, inherited from the input record.
    ///   - timestamp: The timestamp, inherited from the input record.
    ///   - sourcePartition: The partition of the input record being processed.
    /// - Throws: Any error; the topology reports it as a ``ProcessingError`` at the `production` stage.
    func send(
        topic: String,
        key: [UInt8]?,
        value: [UInt8]?,
        headers: [KafkaHeader],
        timestamp: Int64?,
        sourcePartition: Int32
    ) throws
}
