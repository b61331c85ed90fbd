import Foundation
import SluiceKafka
import Synchronization

/// Watches a contestant's progress every 20 ms, in two ways that no reader of the outputs could fall behind:
/// - its committed input offsets (OffsetFetch for its group): the records it has finished, meaning under
///   at-least-once that their outputs were acknowledged before the commit, and under exactly-once that the
///   transaction holding them committed. Commits come once per interval, so this times completion.
/// - the records written to its output topics (high watermarks), which grow as it produces, transaction or not.
///   This times the steady rate, which a 1 s commit interval would otherwise hide in a handful of steps.
final class CommitProbe: Sendable {
    /// Committed records over time.
    struct Timeline: Sendable {
        /// Epoch seconds of the first sample with the whole backlog committed.
        var doneAt: Double?
        /// Output records written and epoch seconds at the first sample that reached a tenth of the backlog.
        var outputWarm: (count: Int, at: Double)?
        /// Epoch seconds of the first sample with as many outputs written as the backlog has records.
        var outputDoneAt: Double?
        /// The probe's own failure, if any.
        var error: String?
    }

    private let state = Mutex(Timeline())
    private let stopRequested = Atomic<Bool>(false)
    private let done = DispatchSemaphore(value: 0)

    /// Starts probing the committed offsets of `group` on `topic`'s partitions until `backlog` records are
    /// committed and as many outputs written, or ``stop()`` is called.
    init(
        bootstrap: String,
        group: String,
        topic: String,
        partitions: Int,
        backlog: Int,
        written: @escaping @Sendable () throws -> Int
    ) {
        Thread.detachNewThread { [self] in
            defer { done.signal() }
            do {
                var configuration = KafkaConsumerConfiguration(bootstrapServers: [bootstrap], groupID: group)
                configuration.common.clientID = "bench-commit-probe"
                let consumer = try KafkaConsumer(configuration: configuration)
                defer { try? consumer.close() }
                let all = (0..<partitions).map { TopicPartition(topic: topic, partition: Int32($0)) }
                while !stopRequested.load(ordering: .relaxed) {
                    let offsets = try consumer.committed(all, timeout: .seconds(5))
                    let now = BenchClock.epochSeconds()
                    let committed = offsets.values.reduce(0) { $0 + Int(max($1, 0)) }
                    let outputs = try written()
                    let writtenAt = BenchClock.epochSeconds()
                    let finished = state.withLock { timeline -> Bool in
                        if timeline.outputWarm == nil, outputs * 10 >= backlog {
                            timeline.outputWarm = (outputs, writtenAt)
                        }
                        if timeline.outputDoneAt == nil, outputs >= backlog { timeline.outputDoneAt = writtenAt }
                        if timeline.doneAt == nil, committed >= backlog { timeline.doneAt = now }
                        // A topology with a repartition topic commits its input before the last stage writes.
                        return timeline.doneAt != nil && timeline.outputDoneAt != nil
                    }
                    if finished { return }
                    usleep(20_000)
                }
            } catch {
                state.withLock { $0.error = String(describing: error) }
            }
        }
    }

    /// Whether the whole backlog is committed (or the probe failed).
    var isFinished: Bool { state.withLock { $0.doneAt != nil || $0.error != nil } }

    /// Stops the probe and waits for it.
    func stop() {
        stopRequested.store(true, ordering: .relaxed)
        done.wait()
    }

    /// What the probe saw.
    var timeline: Timeline { state.withLock { $0 } }
}
