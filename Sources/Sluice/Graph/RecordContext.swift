import SluiceKafka

/// The input record's metadata that its outputs inherit, and the collector they go to, shared by every node of
/// one graph instance.
///
/// The ``TaskProcessor`` sets the metadata before pushing a record through the graph and the sinks read it, so
/// it does not travel as an argument through every operator. Sinks go through ``send(topic:key:value:)`` rather than
/// reading the fields.
final class RecordContext {
    /// The input record's timestamp.
    var timestamp: Int64?
    /// The input record's headers.
    var headers: [KafkaHeader] = []
    /// The input record's partition.
    var partition: Int32 = 0
    /// The input record's offset.
    var offset: Int64 = 0
    /// The input record itself, kept only when the graph has laned operators, which hand it back with their
    /// results.
    var record: KafkaRecord?
    /// The laned operators of this graph instance, registered as they are instantiated.
    var lanes: [any LaneDelivery] = []
    /// The task's stores and event time, when its sub-topology keeps state or time.
    let state: TaskState?
    /// Where outputs go.
    let collector: any RecordCollector

    init(collector: any RecordCollector, state: TaskState?) {
        self.collector = collector
        self.state = state
    }

    /// Sends one output with the input record's timestamp, headers and partition.
    func send(topic: String, key: [UInt8]?, value: [UInt8]?) throws {
        try collector.send(
            topic: topic,
            key: key,
            value: value,
            headers: headers,
            timestamp: timestamp,
            sourcePartition: partition
        )
    }
}
