import SluiceKafka

/// One independent instance of a topology, for one task (one input partition and its co-partitioned peers).
///
/// Make one with `Topology.makeTaskProcessor(collector:)`. It is not `Sendable`: the task that owns it calls it
/// from one thread at a time, and every call runs the whole graph for one record before returning.
package final class TaskProcessor {
    /// A source node's input: deserializes a record and pushes it into the graph.
    typealias SourceInput = (KafkaRecord) throws(ProcessingError) -> Void

    private let context: RecordContext
    private let sourceTopics: [String]
    private let sourceInputs: [SourceInput]

    init(context: RecordContext, sourceTopics: [String], sourceInputs: [SourceInput]) {
        self.context = context
        self.sourceTopics = sourceTopics
        self.sourceInputs = sourceInputs
    }

    /// Pushes one consumed record through the graph; its outputs go to the collector before this returns.
    ///
    /// Outputs sent before a failure stay sent: a record that fans out to two sinks and fails in the second has
    /// already produced to the first.
    /// - Parameter record: The record, from a topic that one of the topology's sources reads.
    /// - Throws: ``ProcessingError`` naming the stage and node that failed.
    package func process(_ record: KafkaRecord) throws(ProcessingError) {
        context.timestamp = record.timestamp
        context.headers = record.headers
        context.partition = record.partition

        // A topology reads few topics, so a linear scan beats hashing the topic name.
        var index = 0
        while index < sourceTopics.count {
            if sourceTopics[index] == record.topic {
                try sourceInputs[index](record)
                return
            }
            index += 1
        }
        throw ProcessingError(
            stage: .processing,
            operatorName: "(no source)",
            underlying: TopologyError(.unknownSourceTopic, "no source reads topic '\(record.topic)'")
        )
    }
}
