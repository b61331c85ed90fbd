import FlightDelays
import Foundation
import SluiceBroker
import SluiceTesting
import Testing

@testable import SluiceCLI

/// A Sluice broker with the flights job's topics, `sluice run flights` worker processes on it, and the checks
/// a scale test ends with.
///
/// Workers run the stateless flights job exactly-once, unbounded (`--forever`), with a 1 s commit interval: a
/// poll waits up to 100 ms and the commit follows the processing of its records at once when the interval is
/// short, so a kill would rarely find a transaction open. Their JSON logs go to a temporary directory, which is
/// kept when a test fails.
final class ScaleOutCluster {
    /// A wait that ran out, or a step that failed.
    struct Failure: Error, CustomStringConvertible {
        /// What was awaited, and where the worker logs are.
        var description: String
    }

    /// The counts `sluice verify --json` prints.
    struct VerifyCounts: Decodable {
        var records: Int
        var keys: Int
        var orderViolations: Int
        var duplicates: Int
        var gaps: Int
        var unreadable: Int
        var clean: Bool
    }

    /// The broker, in this process.
    let broker: Broker
    /// Where the workers' logs go.
    let logDirectory: URL
    /// Partitions of `flights`.
    let inputPartitions: Int

    private var workers: [WorkerProcess] = []
    private var keepsLogs = false

    /// The repository's root, for the data file the job insists on even with `--no-load`.
    private static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Starts a broker and creates the flights job's input (`inputPartitions` partitions) and output topics.
    ///
    /// - Parameter inputPartitions: Partitions of `flights`.
    /// - Throws: `BrokerError` when the broker cannot start.
    init(inputPartitions: Int) throws {
        self.inputPartitions = inputPartitions
        broker = Broker(configuration: BrokerConfiguration(port: 0))
        try broker.start()
        logDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-scale-\(UUID())")
        try FileManager.default.createDirectory(at: logDirectory, withIntermediateDirectories: true)
        for (topic, partitions) in [
            (FlightDelaysTopology.inputTopic, inputPartitions),
            (FlightDelaysTopology.cancelledTopic, FlightDelaysTopology.cancelledPartitions),
            (FlightDelaysTopology.departedTopic, FlightDelaysTopology.departedPartitions),
            (FlightDelaysTopology.deadLetterTopic, FlightDelaysTopology.inputPartitions),
        ] {
            try broker.createTopic(topic, partitions: partitions)
        }
    }

    /// Kills the workers still running and stops the broker; removes the logs unless ``keepLogs()`` was called.
    func tearDown() {
        workers.forEach { $0.kill() }
        broker.stop()
        if keepsLogs {
            print("scale test: worker logs kept in \(logDirectory.path)")
        } else {
            try? FileManager.default.removeItem(at: logDirectory)
        }
    }

    /// Keeps the worker logs after ``tearDown()``, for a failed test.
    func keepLogs() { keepsLogs = true }

    /// Records an expectation of the running test; a failed one keeps the worker logs.
    ///
    /// - Parameters:
    ///   - condition: What should hold.
    ///   - comment: What it means, shown when it does not hold.
    func expect(
        _ condition: Bool,
        _ comment: @autoclosure () -> String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        if !condition { keepLogs() }
        #expect(condition, Comment(rawValue: comment()), sourceLocation: sourceLocation)
    }

    /// The application's consumer group as the broker holds it now.
    var group: ConsumerGroupSnapshot? { broker.consumerGroup(FlightDelaysTopology.applicationID) }

    /// A feeder of made-up flights into `flights`, not yet started.
    func feeder(records: Int, planes: Int, duration: Duration) -> SequencedFlightFeeder {
        SequencedFlightFeeder(bootstrap: broker.bootstrapServers, records: records, planes: planes, duration: duration)
    }

    // MARK: - Workers

    /// Starts a worker process of the stateless flights job.
    ///
    /// - Parameters:
    ///   - threads: Its stream threads.
    ///   - sessionTimeout: Its group session timeout, as the command line takes it (`4s`).
    ///   - instanceID: Its static membership id, or `nil` for a dynamic member.
    /// - Returns: The running worker.
    func startWorker(threads: Int, sessionTimeout: String, instanceID: String? = nil) throws -> WorkerProcess {
        var arguments = [
            "run", "flights", "--bootstrap", broker.bootstrapServers, "--no-load", "--forever", "--stateless",
            "--data", Self.repositoryRoot.appendingPathComponent("Data/flights.csv.zip").path,
            "--threads", String(threads), "--session-timeout", sessionTimeout, "--commit-interval", "1s",
            "--log-level", "info",
        ]
        if let instanceID { arguments += ["--instance-id", instanceID] }
        let worker = WorkerProcess(
            slot: workers.count,
            executable: SluiceExecutable.url,
            arguments: arguments,
            logDirectory: logDirectory
        )
        try worker.start()
        workers.append(worker)
        return worker
    }

    /// The rebalances of one start of a worker (its latest start by default), from its log.
    func assignments(of worker: WorkerProcess, start: Int? = nil) -> AssignmentLog {
        let file = worker.logFile(start: start ?? worker.starts)
        let text = (try? String(contentsOf: file, encoding: .utf8)) ?? ""
        return AssignmentLog(lines: text.split(separator: "\n"))
    }

    // MARK: - Waiting

    /// Polls every 50 ms until `condition` holds.
    ///
    /// - Parameters:
    ///   - what: What is awaited, for the error.
    ///   - timeout: How long to wait.
    ///   - condition: The condition.
    /// - Throws: ``Failure`` when `timeout` passes first.
    func wait(_ what: String, timeout: Duration = .seconds(30), until condition: () throws -> Bool) throws {
        let deadline = ContinuousClock.now + timeout
        while try !condition() {
            guard ContinuousClock.now < deadline else {
                keepLogs()
                throw Failure(
                    description: "timed out after \(timeout) waiting for \(what); group: \(String(describing: group)); "
                        + "worker logs in \(logDirectory.path)"
                )
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
    }

    /// Waits until the group is stable with `members` members, and returns it.
    @discardableResult
    func waitForStableGroup(members: Int, timeout: Duration = .seconds(30)) throws -> ConsumerGroupSnapshot {
        var stable: ConsumerGroupSnapshot?
        try wait("a stable group of \(members) members", timeout: timeout) {
            stable = group.flatMap { $0.isStable && $0.members.count == members ? $0 : nil }
            return stable != nil
        }
        return stable!
    }

    /// Waits until the feeder has written everything and the group has committed every input partition up to
    /// its end.
    func waitUntilDrained(_ feeder: SequencedFlightFeeder, timeout: Duration = .seconds(60)) throws {
        try wait("the input to be written and committed", timeout: timeout) {
            if let failure = feeder.failure { throw Failure(description: "feeding failed: \(failure)") }
            guard feeder.isDone else { return false }
            return (0..<inputPartitions).allSatisfy { partition in
                let end = broker.highWatermark(topic: FlightDelaysTopology.inputTopic, partition: partition) ?? 0
                let committed = broker.committedOffset(
                    group: FlightDelaysTopology.applicationID,
                    topic: FlightDelaysTopology.inputTopic,
                    partition: partition
                )
                return (committed ?? -1) >= end
            }
        }
    }

    // MARK: - Checks

    /// Waits until no transaction is open on any output partition: each one's last stable offset has reached
    /// its high watermark.
    ///
    /// A SIGKILLed member without a `group.instance.id` leaves its transaction open until the broker aborts it,
    /// the transaction timeout (10 s) after it began. Until then a read_committed reader, `sluice verify`
    /// included, stops at the last stable offset and would check only what came before.
    func waitUntilNoTransactionIsOpen(timeout: Duration = .seconds(30)) throws {
        let outputs = [
            (FlightDelaysTopology.cancelledTopic, FlightDelaysTopology.cancelledPartitions),
            (FlightDelaysTopology.departedTopic, FlightDelaysTopology.departedPartitions),
            (FlightDelaysTopology.deadLetterTopic, FlightDelaysTopology.inputPartitions),
        ]
        try wait("every output partition's last stable offset to reach its end", timeout: timeout) {
            outputs.allSatisfy { topic, partitions in
                (0..<partitions).allSatisfy { partition in
                    broker.lastStableOffset(topic: topic, partition: partition)
                        == broker.highWatermark(topic: topic, partition: partition)
                }
            }
        }
    }

    /// Runs `sluice verify flights-departed` with read_committed: by tail number and flight number (order,
    /// duplicates, gaps), or by provenance header.
    ///
    /// - Parameter bySequence: Check tail numbers' flight numbers; otherwise the provenance headers.
    /// - Returns: The counts.
    func verifyDeparted(bySequence: Bool) throws -> VerifyCounts {
        var arguments = [
            "verify", FlightDelaysTopology.departedTopic, "--bootstrap", broker.bootstrapServers, "--json",
        ]
        if bySequence {
            arguments += ["--key-field", "tailnum", "--sequence-field", "flight", "--expect-contiguous"]
        }
        let outcome = try SluiceExecutable.run(arguments)
        guard let counts = try? JSONDecoder().decode(VerifyCounts.self, from: Data(outcome.standardOutput.utf8)) else {
            throw Failure(description: "sluice verify printed no report: \(outcome.standardError)")
        }
        return counts
    }
}
