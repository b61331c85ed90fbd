import Foundation
import SluiceKafka
import Synchronization

/// Sends workload records into the input topic, as fast as the producer takes them or at a fixed rate, stamping
/// each with the `sluice.loaded_at` header (epoch milliseconds when it was handed to the producer).
final class InputLoader: Sendable {
    private let finishedAt = Mutex<Double?>(nil)
    private let failure = Mutex<String?>(nil)
    private let done = DispatchSemaphore(value: 0)

    /// Starts loading `workload.records[range]` on a background thread, at most `recordsPerSecond` (nil: no
    /// limit).
    init(workload: Workload, range: Range<Int>, bootstrap: String, partitions: Int, recordsPerSecond: Double?) {
        Thread.detachNewThread { [self] in
            let started = BenchClock.epochSeconds()
            do {
                var configuration = KafkaProducerConfiguration(bootstrapServers: [bootstrap])
                configuration.common.clientID = "bench-loader"
                configuration.common.properties = BenchSettings.producer
                let producer = try KafkaProducer(configuration: configuration)
                for index in range {
                    let record = workload.records[index]
                    if let recordsPerSecond, (index - range.lowerBound) % 50 == 0 {
                        let due = started + Double(index - range.lowerBound) / recordsPerSecond
                        let wait = due - BenchClock.epochSeconds()
                        if wait > 0 { Thread.sleep(forTimeInterval: wait) }
                    }
                    let partition: Int32? = record.key == nil ? Int32(index % partitions) : nil
                    let stamp = KafkaHeader(
                        key: BenchSettings.loadedAtHeader,
                        string: String(BenchClock.epochMilliseconds())
                    )
                    let outgoing = KafkaProducerRecord(
                        topic: workload.inputTopic,
                        partition: partition,
                        key: record.key,
                        value: record.value,
                        headers: [stamp]
                    )
                    while true {
                        do {
                            try producer.send(outgoing)
                            break
                        } catch let error as KafkaError where error.code == .queueFull {
                            Thread.sleep(forTimeInterval: 0.001)
                        }
                    }
                }
                try producer.flush(timeout: .seconds(300))
                finishedAt.withLock { $0 = BenchClock.epochSeconds() }
                try producer.close()
            } catch {
                failure.withLock { $0 = String(describing: error) }
            }
            done.signal()
        }
    }

    /// Waits for the loader to finish; returns its finish time (epoch seconds) or throws its error.
    func wait() throws -> Double {
        done.wait()
        if let message = failure.withLock({ $0 }) { throw BenchError("loader: \(message)") }
        return finishedAt.withLock { $0 } ?? BenchClock.epochSeconds()
    }
}
