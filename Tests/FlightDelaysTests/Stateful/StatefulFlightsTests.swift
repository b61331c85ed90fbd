import FlightDelays
import Foundation
import Glibc
import SluiceBroker
import SluiceKafka
import SluiceTesting
import Testing

/// The stateful stage of the flights job, run as separate worker processes on the project's broker, against the
/// batch computation of ``StatefulReference`` (plain loops over the same CSV files).
@Suite("The stateful flights stage against a batch computation", .serialized)
struct StatefulFlightsTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures")

    @Test("a loader and two worker processes produce exactly the batch reference, with no late record")
    func workersMatchReference() throws {
        let broker = Broker(configuration: BrokerConfiguration(port: 0))
        try broker.start()
        defer { broker.stop() }
        let flights = Self.fixtures.appendingPathComponent("flights-fog.csv").path
        let weather = Self.fixtures.appendingPathComponent("weather-fog.csv").path
        let common = [
            "run", "flights", "--bootstrap", broker.bootstrapServers, "--data", flights, "--weather", weather,
        ]

        let load = try SluiceProcess(common + ["--load-only"])
        #expect(try load.wait() == 0, "\(load.errorOutput)")
        let workers = try (0..<2).map { _ in
            try SluiceProcess(common + ["--no-load", "--threads", "2", "--session-timeout", "6s"])
        }
        for worker in workers {
            #expect(try worker.wait() == 0, "\(worker.errorOutput)")
        }

        let reference = try StatefulReference.compute(flightsCSV: flights, weatherCSV: weather)
        let reader = try CommittedTopicReader(bootstrap: broker.bootstrapServers)

        var hourly: [String: HourlyDelayReport] = [:]
        var duplicates = 0
        for record in try reader.records(of: FlightDelaysTopology.hourlyTopic) {
            let report = try JSONDecoder().decode(HourlyDelayReport.self, from: Data(record.value ?? []))
            let key = "\(report.origin)|\(report.windowStart)"
            if hourly.updateValue(report, forKey: key) != nil { duplicates += 1 }
        }
        #expect(duplicates == 0, "each window is emitted once, when it closes")
        #expect(hourly.count == reference.hourly.count)
        var mismatches: [String] = []
        for (key, expected) in reference.hourly {
            guard let actual = hourly[key] else {
                mismatches.append("\(key): missing")
                continue
            }
            let thousandths = actual.avgDepDelay.map { Int(($0 * 1000).rounded()) }
            if actual.flights != expected.flights || actual.cancelled != expected.cancelled
                || thousandths != expected.avgDepDelayThousandths
            {
                mismatches.append("\(key): got \(actual), expected \(expected)")
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(5))")

        let carriers = try reader.finalValues(of: FlightDelaysTopology.carrierTopic, as: CarrierCounts.self)
        #expect(carriers.count == reference.byCarrier.count)
        for (carrier, expected) in reference.byCarrier {
            #expect(carriers[carrier]?.flights == expected.flights, "\(carrier)")
            #expect(carriers[carrier]?.cancelled == expected.cancelled, "\(carrier)")
        }

        let lowVisibility = try reader.finalValues(
            of: FlightDelaysTopology.lowVisibilityTopic,
            as: LowVisibilityDepartures.self
        )
        #expect(!reference.lowVisibility.isEmpty, "the fixture has departures in fog")
        #expect(lowVisibility.mapValues { Int($0.departures) } == reference.lowVisibility)

        let late = workers.map(\.errorOutput).joined().components(separatedBy: "late records ").dropFirst()
        #expect(late.allSatisfy { $0.hasPrefix("0") })
    }
}

/// The built `sluice` executable run as a child process, its stderr kept for failure messages.
final class SluiceProcess {
    private let process = Process()
    private let errors = Pipe()
    private let output = Pipe()

    /// The built `sluice` executable.
    static var executable: URL { SluiceExecutable.url }

    /// Starts `sluice` with `arguments`, and with `environment` added to this process's environment.
    init(_ arguments: [String], environment: [String: String] = [:]) throws {
        process.executableURL = Self.executable
        process.arguments = arguments
        if !environment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        }
        process.standardError = errors
        process.standardOutput = output
        try process.run()
    }

    private(set) var errorOutput = ""

    /// Kills the process with SIGKILL, as a crash would.
    func kill() {
        Glibc.kill(process.processIdentifier, SIGKILL)
    }

    /// Waits for the process to exit and returns its status.
    func wait() throws -> Int32 {
        let out = output.fileHandleForReading.readDataToEndOfFile()
        let data = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        errorOutput = String(decoding: data + out, as: UTF8.self)
        return process.terminationStatus
    }
}

/// Reads whole topics as a read_committed consumer sees them.
struct CommittedTopicReader {
    let bootstrap: String

    init(bootstrap: String) throws {
        self.bootstrap = bootstrap
    }

    /// Every committed record of a topic, partition by partition in offset order.
    func records(of topic: String) throws -> [KafkaRecord] {
        var configuration = KafkaTestProfile.consumer(bootstrap: bootstrap, groupID: nil)
        configuration.isolationLevel = .readCommitted
        let consumer = try KafkaConsumer(configuration: configuration)
        defer { try? consumer.close() }
        let partitions = try consumer.metadata(topics: [topic]).first?.partitionCount ?? 0
        var ends: [TopicPartition: Int64] = [:]
        var start: [TopicPartition: Int64] = [:]
        for partition in 0..<Int32(partitions) {
            let marks = try consumer.watermarks(topic: topic, partition: partition)
            let key = TopicPartition(topic: topic, partition: partition)
            start[key] = marks.low
            if marks.high > marks.low { ends[key] = marks.high }
        }
        try consumer.assign(start)
        var records: [KafkaRecord] = []
        let deadline = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < deadline {
            records += try consumer.poll(maxRecords: 5_000, timeout: .milliseconds(100)).records
            let positions = try consumer.position(Array(ends.keys))
            if ends.allSatisfy({ (positions[$0.key] ?? -1) >= $0.value }) { break }
        }
        return records.sorted { ($0.partition, $0.offset) < ($1.partition, $1.offset) }
    }

    /// The last value of each key of a table topic.
    func finalValues<Value: Decodable>(of topic: String, as type: Value.Type) throws -> [String: Value] {
        var values: [String: Value] = [:]
        for record in try records(of: topic) {
            guard let key = record.key.map({ String(decoding: $0, as: UTF8.self) }) else { continue }
            values[key] = try JSONDecoder().decode(Value.self, from: Data(record.value ?? []))
        }
        return values
    }
}
