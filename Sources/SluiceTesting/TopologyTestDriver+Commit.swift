import Sluice
import SluiceKafka

extension TopologyTestDriver {
    /// Ends every input: the final watermark closes every window, and the driver runs until nothing is left to
    /// do, as a bounded run of the runtime ends once its inputs are drained.
    ///
    /// Final values of windows emitted on close are output by the time this returns. Errors it causes go to
    /// ``errors``.
    /// - Important: Every window is closed afterwards, so a record piped after this call is late wherever it
    ///   meets a windowed aggregation.
    public func endOfInput() {
        settleLanes()
        for id in taskOrder {
            guard let processor = tasks[id], let state = processor.state else { continue }
            state.time.drainExternalStreams()
            do {
                try processor.advanceTime()
            } catch {
                keep(error)
            }
        }
        settle()
    }

    /// Every record sent so far to a state store's changelog, `<application id>-<store>-changelog`, oldest
    /// first; reading does not take them.
    ///
    /// The records of one commit come in no particular order; compare the last value of each key, as a compacted
    /// topic keeps it. A `nil` value is a tombstone: the key was deleted.
    /// - Parameter store: The store's name, which is the name of the operation that declared it.
    /// - Returns: The records, with partitions equal to the writing task's partition.
    public func changelog(of store: String) -> [OutputRecord] {
        changelogs["\(applicationID)-\(store)-changelog"] ?? []
    }

    /// Feeds records waiting in repartition topics to their tasks and commits every task, until no record waits
    /// and no task has anything to flush.
    func settle() {
        var busy: Bool
        repeat {
            while let record = collector.nextInternalRecord() {
                guard let subtopology = plan.readers[record.topic] else {
                    preconditionFailure("no sub-topology reads the repartition topic '\(record.topic)'")
                }
                run(record, on: task(TaskID(subtopology: subtopology, partition: record.partition)))
            }
            busy = taskOrder.contains { tasks[$0]?.state?.hasWork ?? false }
            commitAll()
        } while busy || collector.hasInternalRecords
    }

    /// Commits every task with state, in task order: flushes its changelog records and watermarks, then tells it
    /// the commit succeeded with the changelog offsets the driver gave them.
    private func commitAll() {
        for id in taskOrder {
            guard let state = tasks[id]?.state else { continue }
            let changelogTopics = Set(state.stores.values.map(\.changelogTopic))
            var ends: [TopicPartition: Int64] = [:]
            do {
                try state.flush { topic, partition, key, value, headers in
                    guard changelogTopics.contains(topic) else {
                        collector.send(
                            topic: topic,
                            partition: partition,
                            key: key,
                            value: value,
                            headers: headers,
                            timestamp: nil
                        )
                        return
                    }
                    ends[TopicPartition(topic: topic, partition: partition)] = appendChangelog(
                        topic: topic,
                        partition: partition,
                        key: key,
                        value: value,
                        headers: headers
                    )
                }
                try state.committed(changelogEnds: ends)
            } catch {
                keep(
                    ProcessingError(
                        stage: .processing,
                        operatorName: "commit of task \(state.taskID)",
                        underlying: error
                    )
                )
            }
        }
    }

    /// Appends a changelog record and returns the offset after it.
    private func appendChangelog(
        topic: String,
        partition: Int32,
        key: [UInt8],
        value: [UInt8]?,
        headers: [KafkaHeader]
    ) -> Int64 {
        let topicPartition = TopicPartition(topic: topic, partition: partition)
        let offset = changelogOffsets[topicPartition, default: 0]
        changelogOffsets[topicPartition] = offset + 1
        changelogs[topic, default: []].append(
            OutputRecord(
                topic: topic,
                partition: partition,
                offset: offset,
                key: key,
                value: value,
                headers: headers,
                timestamp: nil
            )
        )
        return offset + 1
    }
}
