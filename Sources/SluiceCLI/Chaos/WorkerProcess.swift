import Foundation
import Glibc

/// One worker of the crash harness: a `sluice run` child process, started, killed with SIGKILL, restarted.
final class WorkerProcess {
    let slot: Int
    private let executable: URL
    private let arguments: [String]
    private let logDirectory: URL
    private var process: Process?
    private(set) var starts = 0

    init(slot: Int, executable: URL, arguments: [String], logDirectory: URL) {
        self.slot = slot
        self.executable = executable
        self.arguments = arguments
        self.logDirectory = logDirectory
    }

    /// The worker's log file of its n-th start.
    func logFile(start: Int) -> URL {
        logDirectory.appendingPathComponent("worker-\(slot)-\(start).log")
    }

    var isRunning: Bool { process?.isRunning ?? false }

    /// Whether the last run ended by SIGKILL (from the harness or from a crash point).
    var wasKilled: Bool {
        guard let process, !process.isRunning else { return false }
        return process.terminationReason == .uncaughtSignal && process.terminationStatus == SIGKILL
    }

    /// The exit status of the last run once it returned on its own (after SIGTERM, say); `nil` while it runs,
    /// before its first start, or when a signal ended it.
    var exitStatus: Int32? {
        guard let process, !process.isRunning, process.terminationReason == .exit else { return nil }
        return process.terminationStatus
    }

    /// Starts the worker; `crashPoint` makes it kill itself there after `afterCommits` commits.
    func start(crashPoint: String? = nil, afterCommits: Int = 1) throws {
        let child = Process()
        child.executableURL = executable
        child.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment.removeValue(forKey: "SLUICE_CRASH_AT")
        if let crashPoint {
            environment["SLUICE_CRASH_AT"] = crashPoint
            environment["SLUICE_CRASH_AFTER_COMMITS"] = String(afterCommits)
        }
        child.environment = environment
        starts += 1
        let log = logFile(start: starts)
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        let handle = try FileHandle(forWritingTo: log)
        child.standardOutput = handle
        child.standardError = handle
        try child.run()
        process = child
    }

    /// Kills the worker with SIGKILL and waits for it to be gone.
    func kill() {
        guard let process, process.isRunning else { return }
        Glibc.kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    /// Asks the worker to stop (SIGTERM), waits up to `timeout`, then kills it.
    func stop(timeout: Duration) {
        guard let process, process.isRunning else { return }
        Glibc.kill(process.processIdentifier, SIGTERM)
        let deadline = ContinuousClock.now + timeout
        while process.isRunning && ContinuousClock.now < deadline {
            usleep(50_000)
        }
        if process.isRunning {
            Glibc.kill(process.processIdentifier, SIGKILL)
        }
        process.waitUntilExit()
    }

    /// Every log line this worker wrote across its starts.
    func logLines() -> [Substring] {
        (1...max(starts, 1)).flatMap { start -> [Substring] in
            guard let text = try? String(contentsOf: logFile(start: start), encoding: .utf8) else { return [] }
            return text.split(separator: "\n")
        }
    }
}
