import Foundation
import SluiceKafka
import Synchronization

/// Sends workload records into the input topic, as fast as the producer takes them or at a fixed rate, stamping
/// each with the `sluice.loaded_at` header (epoch milliseconds).
///
/// At a fixed rate the loader is open-loop: record `i` is due at `start + i / rate` whatever happened to the
/// records before it. With `stampsDueTime` its header carries that due time rather than the moment it was handed
/// to the producer, so a loader that falls behind (two busy cores) shows up as latency instead of hiding it.
final class InputLoader: Sendable {
    /// When the loader sent what.
    struct Timing: Sendable {
        /// Epoch seconds of the first send.
        var firstSendAt: Double
        /// Epoch seconds of the last send.
        var lastSendAt: Double
        /// Epoch seconds when the producer had every record acknowledged.
        var finishedAt: Double
        /// Records sent.
        var records: Int

        /// Records per second between the first and the last send.
        var sendRate: Double { Double(records) / max(lastSendAt - firstSendAt, 1e-3) }
    }

    private let timing = Mutex<Timing?>(nil)
    private let failure = Mutex<String?>(nil)
    private let done = DispatchSemaphore(value: 0)

    /// Starts loading the records at `range` of `workload` (repeated as needed) on a background thread.
    /// - Parameters:
    ///   - workload: The records.
    ///   - range: Which records, by index; indexes past the workload's end wrap around.
    ///   - bootstrap: The broker.
    ///   - partitions: The input topic's partitions, over which key-less records are spread round-robin.
    ///   - recordsPerSecond: The fixed rate (`nil`: as fast as the producer takes them).
    ///   - stampsDueTime: Stamp each record with its due time under the fixed rate, not its send time.
    init(
        workload: Workload,
        range: Range<Int>,
        bootstrap: String,
        partitions: Int,
        recordsPerSecond: Double?,
        stampsDueTime: Bool = false
    ) {
        Thread.detachNewThread { [self] in
            do {
                var configuration = KafkaProducerConfiguration(bootstrapServers: [bootstrap])
                configuration.common.clientID = "bench-loader"
                configuration.common.properties = BenchSettings.producer
                let producer = try KafkaProducer(configuration: configuration)
                let started = BenchClock.epochSeconds()
                var lastSendAt = started
                for index in range {
                    let record = workload.record(at: index)
                    let position = index - range.lowerBound
                    var stamp = BenchClock.epochMilliseconds()
                    if let recordsPerSecond {
                        let due = started + Double(position) / recordsPerSecond
                        if position % 50 == 0 {
                            let wait = due - BenchClock.epochSeconds()
                            if wait > 0 { Thread.sleep(forTimeInterval: wait) }
                        }
                        stamp = stampsDueTime ? Int64((due * 1_000).rounded(.down)) : BenchClock.epochMilliseconds()
                    }
                    let partition: Int32? = record.key == nil ? Int32(index % partitions) : nil
                    let outgoing = KafkaProducerRecord(
                        topic: workload.inputTopic,
                        partition: partition,
                        key: record.key,
                        value: record.value,
                        headers: [KafkaHeader(key: BenchSettings.loadedAtHeader, string: String(stamp))]
                    )
                    while true {
                        do {
                            try producer.send(outgoing)
                            break
                        } catch let error as KafkaError where error.code == .queueFull {
                            Thread.sleep(forTimeInterval: 0.001)
                        }
                    }
                    lastSendAt = BenchClock.epochSeconds()
                }
                try producer.flush(timeout: .seconds(300))
                let finished = Timing(
                    firstSendAt: started,
                    lastSendAt: lastSendAt,
                    finishedAt: BenchClock.epochSeconds(),
                    records: range.count
                )
                timing.withLock { $0 = finished }
                try producer.close()
            } catch {
                failure.withLock { $0 = String(describing: error) }
            }
            done.signal()
        }
    }

    /// Waits for the loader to finish; returns its finish time (epoch seconds) or throws its error.
    func wait() throws -> Double {
        try waitForTiming().finishedAt
    }

    /// Waits for the loader to finish; returns when it sent what, or throws its error.
    func waitForTiming() throws -> Timing {
        done.wait()
        if let message = failure.withLock({ $0 }) { throw BenchError("loader: \(message)") }
        let now = BenchClock.epochSeconds()
        return timing.withLock { $0 } ?? Timing(firstSendAt: now, lastSendAt: now, finishedAt: now, records: 0)
    }
}
