import Foundation
import SluiceKafka
import Synchronization

/// A read_committed consumer over a scenario's output topics: counts outputs, and takes each output's end-to-end
/// latency as its receive time minus the `sluice.loaded_at` header the input carried (Sluice and the raw copy
/// loops forward input headers to outputs).
final class OutputWatcher: Sendable {
    /// What the watcher saw.
    struct Observation: Sendable {
        /// Outputs received.
        var count = 0
        /// Epoch seconds of the first output.
        var firstAt: Double?
        /// Epoch seconds when the backlog's outputs had all arrived.
        var backlogDoneAt: Double?
        /// Epoch seconds of the latest output.
        var lastAt: Double?
        /// Latency samples of the paced records' outputs, in milliseconds.
        var latencies: [Int64] = []
        /// The watcher's own failure, if any.
        var error: String?
    }

    private let state = Mutex(Observation())
    private let stopRequested = Atomic<Bool>(false)
    private let done = DispatchSemaphore(value: 0)

    /// Starts watching `topics` from their beginning until `backlog + paced` outputs arrived or ``stop()`` is
    /// called; latency is sampled on the outputs after the first `backlog` ones.
    init(bootstrap: String, topics: [(name: String, partitions: Int)], backlog: Int, paced: Int) {
        let expected = backlog + paced
        Thread.detachNewThread { [self] in
            do {
                var configuration = KafkaConsumerConfiguration(bootstrapServers: [bootstrap], groupID: nil)
                configuration.common.clientID = "bench-watcher"
                configuration.common.properties = BenchSettings.consumer
                let consumer = try KafkaConsumer(configuration: configuration)
                var assignment: [TopicPartition: Int64] = [:]
                for topic in topics {
                    for partition in 0..<topic.partitions {
                        assignment[TopicPartition(topic: topic.name, partition: Int32(partition))] =
                            KafkaOffset.beginning
                    }
                }
                try consumer.assign(assignment)
                var latencies: [Int64] = []
                latencies.reserveCapacity(paced)
                var count = 0
                var firstAt: Double?
                var backlogDoneAt: Double?
                while count < expected, !stopRequested.load(ordering: .relaxed) {
                    // A batch poll waits for its whole batch until the timeout (rd_kafka_consume_batch_queue), so a
                    // long timeout would add its own wait to every latency measured at low rates.
                    let result = try consumer.poll(
                        maxRecords: 5_000,
                        timeout: .milliseconds(BenchSettings.readerPollMilliseconds)
                    )
                    guard !result.records.isEmpty else { continue }
                    let now = BenchClock.epochSeconds()
                    let nowMilliseconds = Int64(now * 1_000)
                    for record in result.records {
                        count += 1
                        if count == backlog { backlogDoneAt = now }
                        guard count > backlog else { continue }
                        if let loaded = record.header(BenchSettings.loadedAtHeader)?.stringValue.flatMap(Int64.init) {
                            latencies.append(nowMilliseconds - loaded)
                        }
                    }
                    if firstAt == nil { firstAt = now }
                    let snapshot = (count, firstAt, backlogDoneAt)
                    state.withLock {
                        $0.count = snapshot.0
                        $0.firstAt = snapshot.1
                        $0.backlogDoneAt = snapshot.2
                        $0.lastAt = now
                    }
                }
                try? consumer.close()
                state.withLock { $0.latencies = latencies }
            } catch {
                state.withLock { $0.error = String(describing: error) }
            }
            done.signal()
        }
    }

    /// Outputs received so far.
    var count: Int { state.withLock { $0.count } }

    /// Whether the backlog's outputs have all arrived.
    var backlogDone: Bool { state.withLock { $0.backlogDoneAt != nil } }

    /// Waits up to `timeout` seconds for the expected outputs; returns whether they all arrived.
    func waitForAll(timeout: Double) -> Bool {
        done.wait(timeout: .now() + timeout) == .success
    }

    /// Stops the watcher early and waits for it.
    func stop() {
        stopRequested.store(true, ordering: .relaxed)
        done.wait()
    }

    /// What the watcher saw (call after it finished).
    var observation: Observation { state.withLock { $0 } }
}
