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
    /// Whether each source reads a repartition topic, whose watermarks are taken out of the stream.
    private let sourceIsInternal: [Bool]

    init(context: RecordContext, sourceTopics: [String], sourceInputs: [SourceInput], sourceIsInternal: [Bool]) {
        self.context = context
        self.sourceTopics = sourceTopics
        self.sourceInputs = sourceInputs
        self.sourceIsInternal = sourceIsInternal
    }

    /// The task's stores and event time, or `nil` for a task that keeps neither.
    package var state: TaskState? { context.state }

    /// Moves event time to what the task's input says now, closing windows it passes. The runtime calls it after
    /// a restore and when an input is drained; outputs it causes carry no input headers.
    package func advanceTime() throws(ProcessingError) {
        guard let state = context.state else { return }
        let saved = (context.timestamp, context.headers)
        context.headers = []
        defer { (context.timestamp, context.headers) = saved }
        try state.time.advance()
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
        context.offset = record.offset
        if !context.lanes.isEmpty { context.record = record }

        // A topology reads few topics, so a linear scan beats hashing the topic name.
        var index = 0
        while index < sourceTopics.count {
            if sourceTopics[index] == record.topic {
                if sourceIsInternal[index], let state = context.state, let watermark = WatermarkRecord(record) {
                    state.receive(watermark, topic: record.topic)
                } else {
                    do {
                        try sourceInputs[index](record)
                    } catch {
                        // Time the record moved (before an operator failed on it) still counts.
                        if context.state != nil { try advanceTime() }
                        throw error
                    }
                }
                if context.state != nil { try advanceTime() }
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

    // MARK: - Lanes

    /// Whether the graph has laned operators, whose results arrive after ``process(_:)`` has returned and are
    /// pushed on by ``deliverLaneResults(waitingForAll:beginRecord:failed:)``.
    package var hasLanes: Bool { !context.lanes.isEmpty }

    /// Pushes the laned operators' finished results through the rest of the graph, each with the metadata of the
    /// record it came from.
    ///
    /// - Parameters:
    ///   - waitingForAll: Wait until every record given to a lane has been delivered (before a commit), rather
    ///     than deliver only what is finished now.
    ///   - beginRecord: Called before a result is pushed on, with its input record.
    ///   - failed: Called with a result's failure (the operator's closure threw, or a later operator failed) and
    ///     its input record; what it throws stops the delivery.
    package func deliverLaneResults(
        waitingForAll: Bool,
        beginRecord: (KafkaRecord) -> Void,
        failed: (ProcessingError, KafkaRecord) throws -> Void
    ) throws {
        while true {
            var delivered = 0
            for stage in context.lanes {
                delivered += try stage.deliverFinished(beginRecord: beginRecord, failed: failed)
            }
            guard waitingForAll else { return }
            // Delivering into a later laned operator gives it new work, so look again until all are idle.
            guard let busy = context.lanes.first(where: { !$0.isIdle }) else { return }
            if delivered == 0 { busy.waitForResult() }
        }
    }

    /// Forgets the records given to lanes since the last commit, after the transaction holding them aborted.
    package func discardLaneWork() {
        context.lanes.forEach { $0.discard() }
    }

    /// Ends the lane threads once their queued work has run; the processor is not used again.
    package func close() {
        context.lanes.forEach { $0.close() }
        // The stages hold the context: let go of them so neither outlives the processor.
        context.lanes.removeAll()
    }

    deinit {
        close()
    }
}
