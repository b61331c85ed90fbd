import FlightDelays
import Foundation
import Glibc
import Sluice
import SluiceBroker
import SluiceKafka

/// The crash harness: a broker, N worker processes of the flights pipeline, input fed at a steady rate while
/// workers are killed with SIGKILL (at random moments and at each named crash point), then an audit of the
/// output with a read_committed reader.
struct ChaosHarness {
    struct Options {
        var records = 20_000
        var workers = 2
        var kills = 5
        var seed: UInt64 = 1
        var feedDuration: Duration = .seconds(15)
        var dataPath = "Data/flights.csv.zip"
        var crashPoints = ["before-send-offsets", "before-commit", "during-commit"]
        var guarantee = "exactly-once"
        /// The workers' `--assignment`, or `nil` for the library's default.
        var assignment: String?
        var timeout: Duration = .seconds(240)
        var printsProgress = true
        /// Run the stateful stage too, and compare its outputs with an uninterrupted run's.
        var stateful = false
    }

    struct Report: CustomStringConvertible {
        var audit: ChaosAudit
        var kills = 0
        var aborts = 0
        var rebalances = 0
        var elapsed: Duration = .zero
        /// The stateful stage's comparison, in a stateful run.
        var stateful: StatefulAudit?

        var isClean: Bool { audit.isClean && (stateful?.isClean ?? true) }

        var description: String {
            var lines = [
                "inputs: \(audit.inputs)",
                "outputs: \(audit.outputs)",
                "duplicates: \(audit.duplicates)",
                "missing: \(audit.missing)",
                "mismatches: \(audit.mismatches)",
                "order violations: \(audit.orderViolations)",
                "kills: \(kills)",
                "aborts: \(aborts)",
                "rebalances: \(rebalances)",
                "elapsed: \(String(format: "%.1f", elapsed.totalSeconds)) s",
            ]
            lines += audit.examples.map { "  \($0)" }
            if let stateful { lines.append(stateful.description) }
            return lines.joined(separator: "\n")
        }
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    let options: Options

    func run() throws -> Report {
        let started = ContinuousClock.now
        var generator = SeededGenerator(seed: options.seed)
        let broker = Broker(configuration: BrokerConfiguration(port: 0))
        try broker.start()
        defer { broker.stop() }
        let topics: [(String, Int)] = [
            (FlightDelaysTopology.inputTopic, FlightDelaysTopology.inputPartitions),
            (FlightDelaysTopology.cancelledTopic, FlightDelaysTopology.cancelledPartitions),
            (FlightDelaysTopology.departedTopic, FlightDelaysTopology.departedPartitions),
            (FlightDelaysTopology.deadLetterTopic, FlightDelaysTopology.inputPartitions),
        ]
        for (name, partitions) in topics {
            try broker.createTopic(name, partitions: partitions)
        }
        let servers = [broker.bootstrapServers]
        if options.stateful {
            try broker.createTopic(
                FlightDelaysTopology.weatherTopic,
                partitions: FlightDelaysTopology.weatherPartitions
            )
            let weather = ((options.dataPath as NSString).deletingLastPathComponent as NSString)
                .appendingPathComponent("weather.csv")
            let loaded = try WeatherLoader(
                path: weather,
                topic: FlightDelaysTopology.weatherTopic,
                partitionCount: Int32(FlightDelaysTopology.weatherPartitions)
            ).load(into: servers, progress: false)
            progress("loaded \(loaded.rows) weather rows")
        }
        progress("broker at \(broker.bootstrapServers); \(options.workers) workers; \(options.records) records")

        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-chaos-\(getpid())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        let workers = (0..<options.workers).map { slot in
            WorkerProcess(
                slot: slot,
                executable: executable,
                arguments: [
                    "run", "flights", "--bootstrap", servers[0], "--no-load", "--forever",
                    "--guarantee", options.guarantee, "--threads", "1", "--session-timeout", "6s",
                    "--commit-interval", "100ms", "--instance-id", "chaos-worker-\(slot)", "--log-level", "info",
                ] + (options.stateful ? [] : ["--stateless"])
                    + (options.assignment.map { ["--assignment", $0] } ?? []),
                logDirectory: directory
            )
        }
        for worker in workers { try worker.start() }
        defer { workers.forEach { $0.kill() } }

        // Feed the input at a steady rate on its own thread while workers die and come back.
        let feeder = InputFeeder(
            bootstrapServers: servers,
            dataPath: options.dataPath,
            records: options.records,
            duration: options.feedDuration
        )
        feeder.start()

        // The kill plan: random moments for random kills, and one kill per named crash point.
        let feedSeconds = options.feedDuration.totalSeconds
        var plan: [(at: Double, crashPoint: String?)] = (0..<options.kills).map { _ in
            (Double.random(in: 0.1...0.9, using: &generator) * feedSeconds, nil)
        }
        for (index, point) in options.crashPoints.enumerated() {
            plan.append((feedSeconds * (0.15 + 0.7 * Double(index + 1) / Double(options.crashPoints.count + 1)), point))
        }
        plan.sort { $0.at < $1.at }

        var kills = 0
        let feedStart = ContinuousClock.now
        let deadline = feedStart + options.timeout
        var drained = false
        while ContinuousClock.now < deadline {
            let now = (ContinuousClock.now - feedStart).totalSeconds
            while let next = plan.first, next.at <= now {
                plan.removeFirst()
                let worker = workers[Int.random(in: 0..<workers.count, using: &generator)]
                if worker.isRunning {
                    worker.kill()
                    kills += 1
                }
                try worker.start(crashPoint: next.crashPoint, afterCommits: Int.random(in: 1...3, using: &generator))
                progress(
                    "t=\(String(format: "%.1f", now)) s: killed worker \(worker.slot)"
                        + (next.crashPoint.map { ", restarted to crash \($0)" } ?? "")
                )
            }
            for worker in workers where !worker.isRunning {
                if worker.wasKilled {
                    kills += 1
                    progress("worker \(worker.slot) killed itself at its crash point; restarting it")
                } else {
                    progress("worker \(worker.slot) exited on its own; restarting it")
                }
                try worker.start()
            }
            if let failure = feeder.failure { throw Failure(description: "feeding the input failed: \(failure)") }
            if plan.isEmpty && feeder.isDone, try Self.isDrained(servers: servers, ends: feeder.endOffsets) {
                drained = true
                break
            }
            usleep(100_000)
        }
        guard drained else {
            throw Failure(
                description: "the input was not drained within \(options.timeout); worker logs in \(directory.path)"
            )
        }

        workers.forEach { $0.stop(timeout: .seconds(30)) }
        if options.stateful {
            // The workers ran unbounded; a bounded worker sends the final watermarks that close the last windows.
            try finish(executable: executable, servers: servers, directory: directory)
        }
        progress("input drained; auditing the outputs with a read_committed reader")
        let expected = try reference(servers: servers, inputEnds: feeder.endOffsets)
        let outputs = topics.dropFirst()
        var ends: [TopicPartition: Int64] = [:]
        let snapshot = try EndOffsets(bootstrapServers: servers)
        ends = try snapshot.snapshot(outputs.map { ($0.0, $0.1) })
        let records = try TopicReader(bootstrapServers: servers).read(from: [:], to: ends)

        var report = Report(audit: ChaosAudit(expected: expected, outputs: records))
        report.kills = kills
        let lines = workers.flatMap { $0.logLines() }
        report.aborts = lines.filter { $0.contains("aborting the transaction") || $0.contains("producer fenced") }.count
        report.rebalances = lines.filter { $0.contains("\"partitions assigned\"") }.count
        if options.stateful {
            progress("running the same input uninterrupted on a fresh broker to compare the stateful outputs")
            report.stateful = try StatefulAudit.audit(
                chaosServers: servers,
                inputTopics: [
                    (FlightDelaysTopology.inputTopic, FlightDelaysTopology.inputPartitions),
                    (FlightDelaysTopology.weatherTopic, FlightDelaysTopology.weatherPartitions),
                ]
            )
        }
        report.elapsed = ContinuousClock.now - started
        if report.isClean {
            try? FileManager.default.removeItem(at: directory)
        } else {
            progress("worker logs kept in \(directory.path)")
        }
        return report
    }

    /// Runs one bounded worker to the end of the input, which closes every remaining window.
    private func finish(executable: URL, servers: [String], directory: URL) throws {
        let finisher = WorkerProcess(
            slot: options.workers,
            executable: executable,
            arguments: [
                "run", "flights", "--bootstrap", servers[0], "--no-load", "--guarantee", options.guarantee,
                "--threads", "1", "--session-timeout", "6s", "--log-level", "info",
            ] + (options.assignment.map { ["--assignment", $0] } ?? []),
            logDirectory: directory
        )
        try finisher.start()
        let deadline = ContinuousClock.now + .seconds(120)
        while finisher.isRunning && ContinuousClock.now < deadline { usleep(100_000) }
        guard !finisher.isRunning else {
            finisher.kill()
            throw Failure(description: "the bounded finishing worker did not end; logs in \(directory.path)")
        }
        progress("a bounded worker closed the remaining windows")
    }

    /// Whether the application's group has committed every input partition up to its end.
    private static func isDrained(servers: [String], ends: [TopicPartition: Int64]) throws -> Bool {
        let consumer = try KafkaConsumer(
            configuration: KafkaConsumerConfiguration(
                bootstrapServers: servers,
                groupID: FlightDelaysTopology.applicationID
            )
        )
        defer { try? consumer.close() }
        let committed = try consumer.committed(Array(ends.keys), timeout: .seconds(5))
        return ends.allSatisfy { partition, end in (committed[partition] ?? -1) >= end }
    }

    /// The outputs an uninterrupted run gives each input, by provenance.
    private func reference(servers: [String], inputEnds: [TopicPartition: Int64]) throws -> [String: [ChaosAudit
        .Expected]]
    {
        let topology = try FlightDelaysTopology.make()
        let collector = ReferenceCollector()
        var processors: [Int32: TaskProcessor] = [:]
        var expected: [String: [ChaosAudit.Expected]] = [:]
        for record in try TopicReader(bootstrapServers: servers).read(from: [:], to: inputEnds) {
            let processor = processors[record.partition] ?? topology.makeTaskProcessor(collector: collector)
            processors[record.partition] = processor
            do {
                try processor.process(record)
            } catch {
                // A record that fails goes to the dead-letter topic untouched.
                collector.outputs.append(
                    ChaosAudit.Expected(
                        topic: FlightDelaysTopology.deadLetterTopic,
                        key: record.key,
                        value: record.value
                    )
                )
            }
            expected["\(record.topic):\(record.partition):\(record.offset)"] = collector.take()
        }
        return expected
    }

    private func progress(_ line: String) {
        if options.printsProgress { StandardError.write(line) }
    }
}
