import FlightDelays
import Foundation
import SluiceKafka
import Synchronization

/// Produces the harness's input on a thread of its own at a steady rate: the flights in day order (repeated when
/// more records are asked for than the file holds), keyed by tail number, so kills land mid-stream.
final class InputFeeder: Sendable {
    private let bootstrapServers: [String]
    private let dataPath: String
    private let records: Int
    private let duration: Duration
    private let state = Mutex<State>(State())

    private struct State {
        var done = false
        var failure: String?
        var ends: [TopicPartition: Int64] = [:]
    }

    init(bootstrapServers: [String], dataPath: String, records: Int, duration: Duration) {
        self.bootstrapServers = bootstrapServers
        self.dataPath = dataPath
        self.records = records
        self.duration = duration
    }

    var isDone: Bool { state.withLock { $0.done } }
    var failure: String? { state.withLock { $0.failure } }
    /// The input's end offsets once feeding is done.
    var endOffsets: [TopicPartition: Int64] { state.withLock { $0.ends } }

    func start() {
        let thread = Thread { [self] in
            do {
                let ends = try feed()
                state.withLock {
                    $0.ends = ends
                    $0.done = true
                }
            } catch {
                state.withLock { $0.failure = String(describing: error) }
            }
        }
        thread.name = "sluice-chaos-feeder"
        thread.start()
    }

    private func feed() throws -> [TopicPartition: Int64] {
        let file = try InputFile(path: dataPath)
        let reader = try CSVReader(source: file.source)
        let rows = try FlightDayOrder.sorted(header: reader.header, rows: try reader.readAll())
        let builder = try CSVRecordBuilder(header: reader.header, keyField: "tailnum", timestampField: "time_hour")
        let producer = try KafkaProducer(configuration: KafkaProducerConfiguration(bootstrapServers: bootstrapServers))
        var loader = TopicLoader(
            producer: producer,
            topic: FlightDelaysTopology.inputTopic,
            partitionCount: Int32(FlightDelaysTopology.inputPartitions),
            reportsProgress: false
        )
        let started = ContinuousClock.now
        let perRecord = duration / max(records, 1)
        for index in 0..<records {
            try loader.send(try builder.record(from: rows[index % rows.count]))
            if index % 100 == 99 {
                let due = started + perRecord * (index + 1)
                let now = ContinuousClock.now
                if due > now { Thread.sleep(forTimeInterval: (due - now).totalSeconds) }
            }
        }
        _ = try loader.finish()
        try producer.close()
        let offsets = try EndOffsets(bootstrapServers: bootstrapServers)
        return try offsets.snapshot([(FlightDelaysTopology.inputTopic, FlightDelaysTopology.inputPartitions)])
    }
}
