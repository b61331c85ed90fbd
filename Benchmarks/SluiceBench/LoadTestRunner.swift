import Foundation

/// The load test: an exactly-once pipeline (100 ms commits) on a fresh project broker, fed by an open-loop
/// producer at one fixed rate, with the end-to-end latency of every record.
///
/// Per run: start the pipeline in a child process; send a warm-up of ``warmUpRecords`` and wait for all their
/// outputs (the group has joined, the first transactions committed); then send records at the rate for the
/// duration, each stamped with its due time (see ``InputLoader``); wait for every output or until none arrives for
/// 15 s; stop the pipeline.
struct LoadTestRunner {
    /// Records sent before the timed part, whose outputs are awaited and not measured.
    static let warmUpRecords = 2_000

    /// The synthetic input, repeated when a run needs more records.
    var workload: Workload
    /// Seconds at the fixed rate.
    var seconds: Double

    /// Runs `contestant` at `rate` records per second.
    func run(_ contestant: Contestant, rate: Double) throws -> LoadTestResult {
        let records = Int((rate * seconds).rounded())
        var result = LoadTestResult(
            contestant: contestant,
            targetRate: rate,
            seconds: seconds,
            records: records,
            delivered: 0,
            keptUp: false
        )
        let cluster = try BenchCluster(kind: .project)
        defer { cluster.stop() }
        let partitions = workload.inputPartitions
        try cluster.createTopic(workload.inputTopic, partitions: partitions)
        for output in workload.outputTopics(for: contestant) {
            try cluster.createTopic(output.name, partitions: output.partitions)
        }
        try cluster.createTopic("\(contestant.groupID ?? contestant.rawValue)-dlq", partitions: 1)
        let stateDirectory = contestant.isStateful ? try ScenarioRunner.makeStateDirectory() : nil
        defer { if let stateDirectory { try? FileManager.default.removeItem(atPath: stateDirectory) } }

        let watcher = OutputWatcher(
            bootstrap: cluster.bootstrap,
            topics: workload.outputTopics(for: contestant),
            backlog: Self.warmUpRecords,
            paced: records
        )
        let child = Process()
        child.executableURL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        child.arguments = [
            "--child",
            "--contestant", contestant.rawValue,
            "--bootstrap", cluster.bootstrap,
            "--input", workload.inputTopic,
            "--records", String(Self.warmUpRecords),
            "--paced", String(records),
            "--commit-ms", "100",
            "--guarantee", "eos",
        ]
        if let stateDirectory { child.arguments! += ["--state-dir", stateDirectory] }
        let input = Pipe()
        let output = Pipe()
        child.standardInput = input
        child.standardOutput = output
        try child.run()

        // Warm-up: the pipeline is up once the warm-up's outputs are visible.
        let warmUp = InputLoader(
            workload: workload,
            range: 0..<Self.warmUpRecords,
            bootstrap: cluster.bootstrap,
            partitions: partitions,
            recordsPerSecond: nil
        )
        _ = try warmUp.wait()
        let warmUpDeadline = BenchClock.epochSeconds() + 90
        while watcher.count < Self.warmUpRecords, child.isRunning, BenchClock.epochSeconds() < warmUpDeadline {
            usleep(20_000)
        }
        if watcher.count < Self.warmUpRecords {
            result.note = "the pipeline did not start: \(watcher.count) of \(Self.warmUpRecords) warm-up outputs"
        } else {
            let loader = InputLoader(
                workload: workload,
                range: Self.warmUpRecords..<(Self.warmUpRecords + records),
                bootstrap: cluster.bootstrap,
                partitions: partitions,
                recordsPerSecond: rate,
                stampsDueTime: true
            )
            let timing = try loader.waitForTiming()
            result.achievedRate = timing.sendRate
            if !ScenarioRunner.waitForOutputs(watcher, until: timing.lastSendAt + seconds * 4 + 60) {
                watcher.stop()
            }
            let seen = watcher.observation
            result.delivered = max(seen.count - Self.warmUpRecords, 0)
            result.latency = LatencySummary(seen.latencies)
            result.drainSeconds = seen.lastAt.map { max($0 - timing.lastSendAt, 0) }
            if let error = seen.error { result.note = "watcher failed: \(error)" }
        }

        try? input.fileHandleForWriting.close()
        let stopDeadline = BenchClock.epochSeconds() + 30
        while child.isRunning, BenchClock.epochSeconds() < stopDeadline { usleep(20_000) }
        if child.isRunning { child.terminate() }
        child.waitUntilExit()
        let lastLine =
            output.fileHandleForReading.readDataToEndOfFile().split(separator: UInt8(ascii: "\n")).last.map {
                Data($0)
            } ?? Data()
        let report = try? JSONDecoder().decode(ChildReport.self, from: lastLine)
        result.cpuSeconds = report?.cpuSeconds
        result.peakRSSMiB = report?.peakRSSMiB
        if let failure = report?.error { result.note = "pipeline failed: \(failure)" }
        result.judge()
        return result
    }
}
