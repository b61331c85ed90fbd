import FlightDelays
import Foundation
import SluiceBroker
import SluiceTesting
import Testing

/// `sluice replay` and `sluice diff` on the flights job, run as a user would (the built executable against the
/// project's broker over TCP), checked against the first run and against the batch reference.
@Suite("Replaying the flights job", .serialized)
struct ReplayFlightsTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures")

    /// Runs `sluice` to its end.
    private static func sluice(_ arguments: [String]) throws -> SluiceExecutable.Outcome {
        try SluiceExecutable.run(arguments)
    }

    private static func inputs(_ name: String) -> [String] {
        [
            "--data", fixtures.appendingPathComponent("flights-\(name).csv").path,
            "--weather", fixtures.appendingPathComponent("weather-\(name).csv").path,
        ]
    }

    @Test("a replay from the beginning into a new output is identical to the first run, as sluice diff sees it")
    func replayIsDeterministic() throws {
        let broker = Broker(configuration: BrokerConfiguration(port: 0))
        try broker.start()
        defer { broker.stop() }
        let bootstrap = ["--bootstrap", broker.bootstrapServers]
        let first = try Self.sluice(["run", "flights"] + bootstrap + Self.inputs("fog") + ["--log-level", "error"])
        #expect(first.status == 0, "\(first.standardError)")

        let dryRun = try Self.sluice(
            ["replay", "--app", "flight-delays", "--from", "beginning", "--dry-run", "--log-level", "warning"]
                + bootstrap
        )
        #expect(dryRun.status == 0, "\(dryRun.standardError)")
        let rows = dryRun.standardOutput.split(separator: "\n").filter { $0.hasPrefix("flights-") }
        #expect(rows.count == 6)
        for row in rows {
            // partition, committed, start, end, records: everything committed, all of it replayed.
            let fields = row.split(separator: " ")
            #expect(fields.count == 5 && fields[1] == fields[3] && fields[2] == "0" && fields[3] == fields[4], "\(row)")
        }
        #expect(dryRun.standardOutput.contains(#/\ntotal +1695\n/#))
        #expect(dryRun.standardOutput.contains("replay of flight-delays, in place"))

        let replay = try Self.sluice(
            [
                "replay", "--app", "flight-delays", "--from", "beginning", "--new-app-id", "flight-delays-audit",
                "--output-suffix=-audit", "--log-level", "warning",
            ] + bootstrap
        )
        #expect(replay.status == 0, "\(replay.standardError)")
        #expect(replay.standardOutput.contains("replayed    1695 records"), "\(replay.standardOutput)")
        #expect(replay.standardOutput.contains("late records 0"))

        for topic in [
            FlightDelaysTopology.cancelledTopic, FlightDelaysTopology.departedTopic, FlightDelaysTopology.hourlyTopic,
        ] {
            let diff = try Self.sluice(["diff", topic, topic + "-audit"] + bootstrap)
            #expect(diff.status == 0, "\(topic): \(diff.standardOutput)\(diff.standardError)")
            #expect(diff.standardOutput.hasSuffix("identical\n"))
        }
        for table in [FlightDelaysTopology.carrierTopic, FlightDelaysTopology.lowVisibilityTopic] {
            let diff = try Self.sluice(["diff", "--table", table, table + "-audit"] + bootstrap)
            #expect(diff.status == 0, "\(table): \(diff.standardOutput)\(diff.standardError)")
        }
        // The live outputs are untouched: the first run's counts.
        #expect(broker.highWatermark(topic: FlightDelaysTopology.departedTopic, partition: 1) ?? 0 > 0)
        let live = try CommittedTopicReader(bootstrap: broker.bootstrapServers)
        #expect(try live.records(of: FlightDelaysTopology.hourlyTopic).count == 105)

        let differ = try Self.sluice(
            ["diff", FlightDelaysTopology.cancelledTopic, FlightDelaysTopology.departedTopic, "--limit", "2"]
                + bootstrap
        )
        #expect(differ.status == 1)
        #expect(differ.standardOutput.contains("differences"))
        let missing = try Self.sluice(["diff", "no-such-topic", FlightDelaysTopology.cancelledTopic] + bootstrap)
        #expect(missing.status == 1)
        #expect(missing.standardError.contains("'no-such-topic' does not exist"))
    }

    @Test("a bounded time range gives exactly the hourly windows of that range from the batch reference")
    func boundedRangeMatchesReference() throws {
        let broker = Broker(configuration: BrokerConfiguration(port: 0))
        try broker.start()
        defer { broker.stop() }
        let bootstrap = ["--bootstrap", broker.bootstrapServers]
        let load = try Self.sluice(["run", "flights", "--load-only"] + bootstrap + Self.inputs("slice"))
        #expect(load.status == 0, "\(load.standardError)")
        let replay = ["replay", "--app", "flight-delays", "--log-level", "warning"] + bootstrap

        let neverRan = try Self.sluice(replay + ["--from", "beginning", "--dry-run"])
        #expect(neverRan.status == 1)
        #expect(neverRan.standardError.contains("unknown application 'flight-delays'"), "\(neverRan.standardError)")

        let first = try Self.sluice(["run", "flights", "--no-load"] + bootstrap + Self.inputs("slice"))
        #expect(first.status == 0, "\(first.standardError)")

        // Bad input, before anything is changed.
        let unknown = try Self.sluice(["replay", "--app", "page-stats", "--from", "beginning"] + bootstrap)
        #expect(unknown.status == 2)
        #expect(unknown.standardError.contains("unknown application 'page-stats'"))
        let inPlaceRange = try Self.sluice(replay + ["--from", "beginning", "--to", "2013-02-01T00:00:00Z"])
        #expect(inPlaceRange.status == 2)
        #expect(inPlaceRange.standardError.contains("'--to' needs a new output"))
        let garbled = try Self.sluice(replay + ["--from", "yesterday"])
        #expect(garbled.status == 2)
        let late = try Self.sluice(replay + ["--from", "2014-01-01T00:00:00Z", "--dry-run"])
        #expect(late.status == 0)
        #expect(late.standardOutput.contains("is after the last record of flights (partitions 0, 1, 2, 3, 4, 5)"))
        #expect(late.standardOutput.contains("note: nothing to replay"))
        let early = try Self.sluice(replay + ["--from", "1357000000000", "--dry-run"])
        #expect(early.standardOutput.contains("at or before the earliest retained record of flights"))
        #expect(early.standardOutput.contains(#/\ntotal +3000\n/#))
        let partition = try Self.sluice(replay + ["--from", "flights:9:0", "--dry-run"])
        #expect(partition.status == 1)
        #expect(partition.standardError.contains("partition 9 of 'flights'"))

        // The slice holds Jan 1-2, Feb 8-9 and Oct 1-2; the range cuts Jan 1 at noon and ends with Feb 8.
        let from = "2013-01-01T12:00:00Z"
        let to = "2013-02-09T00:00:00Z"
        let bounded = try Self.sluice(
            replay + ["--from", from, "--to", to, "--new-app-id", "flight-delays-range", "--output-suffix=-range"]
        )
        #expect(bounded.status == 0, "\(bounded.standardError)")
        #expect(bounded.standardOutput.contains("late records 0"), "\(bounded.standardOutput)")

        let reference = try StatefulReference.compute(
            flightsCSV: Self.fixtures.appendingPathComponent("flights-slice.csv").path,
            weatherCSV: Self.fixtures.appendingPathComponent("weather-slice.csv").path
        )
        let expected = reference.hourly.filter { key, _ in
            let start = key.split(separator: "|")[1]
            return start >= from && start < to
        }
        #expect(expected.count < reference.hourly.count && !expected.isEmpty)

        let reader = try CommittedTopicReader(bootstrap: broker.bootstrapServers)
        var hourly: [String: HourlyDelayReport] = [:]
        for record in try reader.records(of: FlightDelaysTopology.hourlyTopic + "-range") {
            let report = try JSONDecoder().decode(HourlyDelayReport.self, from: Data(record.value ?? []))
            #expect(hourly.updateValue(report, forKey: "\(report.origin)|\(report.windowStart)") == nil)
        }
        #expect(Set(hourly.keys) == Set(expected.keys))
        var mismatches: [String] = []
        for (key, window) in expected {
            guard let actual = hourly[key] else { continue }
            let thousandths = actual.avgDepDelay.map { Int(($0 * 1000).rounded()) }
            if actual.flights != window.flights || actual.cancelled != window.cancelled
                || thousandths != window.avgDepDelayThousandths
            {
                mismatches.append("\(key): got \(actual), expected \(window)")
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(5))")

        // In place, a reset alone leaves the reprocessing to the application's own workers.
        let resetOnly = try Self.sluice(replay + ["--from", "beginning", "--reset-only"])
        #expect(resetOnly.status == 0, "\(resetOnly.standardError)")
        #expect(resetOnly.standardOutput.contains("reset only: start the workers of flight-delays"))
        for partition in 0..<FlightDelaysTopology.inputPartitions {
            #expect(broker.committedOffset(group: "flight-delays", topic: "flights", partition: partition) == 0)
        }
    }

    /// The real June 2013 replay, measured by hand: load the full data into a broker, run the job once, replay
    /// June into `-june` outputs (see Docs/Replay.md), then run this test with `SLUICE_JUNE_BOOTSTRAP` set to
    /// the broker's address and `SLUICE_JUNE_DATA` to the repository's `Data` folder.
    @Test(
        "the June 2013 replay of the full data gives exactly June's hourly windows of the batch reference",
        .enabled(if: ProcessInfo.processInfo.environment["SLUICE_JUNE_BOOTSTRAP"] != nil)
    )
    func juneMatchesReference() throws {
        let environment = ProcessInfo.processInfo.environment
        let bootstrap = try #require(environment["SLUICE_JUNE_BOOTSTRAP"])
        let data = environment["SLUICE_JUNE_DATA"] ?? "Data"
        let reference = try StatefulReference.compute(
            flightsCSV: "\(data)/flights.csv.zip",
            weatherCSV: "\(data)/weather.csv"
        )
        let june = reference.hourly.filter { key, _ in key.split(separator: "|")[1].hasPrefix("2013-06-") }
        var hourly: [String: HourlyDelayReport] = [:]
        let records = try CommittedTopicReader(bootstrap: bootstrap).records(
            of: FlightDelaysTopology.hourlyTopic + "-june"
        )
        for record in records {
            let report = try JSONDecoder().decode(HourlyDelayReport.self, from: Data(record.value ?? []))
            #expect(hourly.updateValue(report, forKey: "\(report.origin)|\(report.windowStart)") == nil)
        }
        let mismatches = june.filter { key, window in
            guard let actual = hourly[key] else { return true }
            return actual.flights != window.flights || actual.cancelled != window.cancelled
                || actual.avgDepDelay.map { Int(($0 * 1000).rounded()) } != window.avgDepDelayThousandths
        }
        print("June 2013: \(hourly.count) windows replayed, \(june.count) in the reference, \(mismatches.count) differ")
        #expect(Set(hourly.keys) == Set(june.keys))
        #expect(mismatches.isEmpty, "\(mismatches.keys.sorted().prefix(5))")
    }
}
