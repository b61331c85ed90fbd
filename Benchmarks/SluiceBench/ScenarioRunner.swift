import Foundation

/// Runs one scenario on a fresh broker in three phases: preload the backlog (the loader alone); start the
/// contestant in a child process (so its CPU and peak RSS are its own) and time how fast it works through the
/// backlog; then send paced records at a fixed rate and take their end-to-end latencies.
struct ScenarioRunner {
    /// The longest the contestant may take, in seconds, before the scenario is stopped and reported incomplete.
    var timeout: Double
    /// Paced records sent after the backlog, on which latency is measured.
    var pacedRecords: Int
    /// The paced records' rate, records per second.
    var pacedRate: Double

    /// Runs `scenario` over `workload`.
    func run(_ scenario: Scenario, workload: Workload) throws -> ScenarioResult {
        let harnessCPUBefore = BenchClock.cpuSeconds()
        let cluster = try BenchCluster(kind: scenario.broker)
        defer { cluster.stop() }
        try cluster.createTopic(workload.inputTopic, partitions: workload.inputPartitions)
        let outputs = workload.outputTopics(for: scenario.contestant)
        for output in outputs { try cluster.createTopic(output.name, partitions: output.partitions) }
        if scenario.contestant == .sluiceMap { try cluster.createTopic("bench-sluice-map-dlq", partitions: 1) }

        let backlog = workload.count
        let paced = min(pacedRecords, backlog)
        let loadStarted = BenchClock.epochSeconds()
        let preload = InputLoader(
            workload: workload,
            range: 0..<backlog,
            bootstrap: cluster.bootstrap,
            partitions: workload.inputPartitions,
            recordsPerSecond: nil
        )
        let loadRate = Double(backlog) / max(try preload.wait() - loadStarted, 1e-3)

        let watcher =
            outputs.isEmpty
            ? nil : OutputWatcher(bootstrap: cluster.bootstrap, topics: outputs, backlog: backlog, paced: paced)
        let child = Process()
        child.executableURL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        child.arguments = ["--child"]
        if scenario.contestant.isPeer {
            guard let python = Self.peerPython() else {
                return ScenarioResult(
                    scenario: scenario,
                    completed: false,
                    records: backlog,
                    delivered: 0,
                    harnessCPUSeconds: BenchClock.cpuSeconds() - harnessCPUBefore,
                    note: "skipped: no Python with confluent-kafka (set SLUICE_PYTHON or run make python-env)"
                )
            }
            child.executableURL = URL(fileURLWithPath: python)
            child.arguments = [Self.peerScript]
        }
        child.arguments! += [
            "--contestant", scenario.contestant.rawValue,
            "--bootstrap", cluster.bootstrap,
            "--input", workload.inputTopic,
            "--output-topic", "bench-output",
            "--records", String(backlog),
            "--paced", String(paced),
            "--commit-ms", String(scenario.commitMilliseconds),
            "--guarantee", scenario.exactlyOnce ? "eos" : "alo",
        ]
        let input = Pipe()
        let output = Pipe()
        child.standardInput = input
        child.standardOutput = output
        let launchedAt = BenchClock.epochSeconds()
        try child.run()
        let written = try cluster.writtenCounter(topics: outputs)
        let probe = scenario.contestant.groupID.map { group in
            CommitProbe(
                bootstrap: cluster.bootstrap,
                group: group,
                topic: workload.inputTopic,
                partitions: workload.inputPartitions,
                backlog: backlog,
                written: written
            )
        }
        let deadline = launchedAt + timeout

        var note: String?
        var childOutput = Data()
        // Phase 2: the backlog.
        if let watcher {
            // The paced records start once the backlog is committed and the watcher has caught up with it, or
            // once the watcher has been stuck for 15 s after the commits (a mock cluster that dropped batches).
            var lastCount = -1
            var lastProgress = BenchClock.epochSeconds()
            while child.isRunning, BenchClock.epochSeconds() < deadline {
                let committed = probe?.isFinished ?? true
                if committed, watcher.backlogDone { break }
                let count = watcher.count
                let now = BenchClock.epochSeconds()
                if count != lastCount {
                    (lastCount, lastProgress) = (count, now)
                } else if committed, now - lastProgress > 15 {
                    note = "the watcher stopped at \(count) of \(backlog) backlog outputs (dropped by the broker?)"
                    break
                }
                usleep(10_000)
            }
        } else {
            let reader = output.fileHandleForReading
            while !childOutput.contains(Data("drained\n".utf8)), BenchClock.epochSeconds() < deadline {
                let chunk = reader.availableData
                if chunk.isEmpty { break }
                childOutput.append(chunk)
            }
        }
        // Phase 3: paced records for latency.
        let pacedLoader = InputLoader(
            workload: workload,
            range: 0..<paced,
            bootstrap: cluster.bootstrap,
            partitions: workload.inputPartitions,
            recordsPerSecond: pacedRate
        )
        if let watcher, !Self.waitForOutputs(watcher, until: deadline) {
            note = note ?? "gave up with \(watcher.count) of \(backlog + paced) outputs"
            watcher.stop()
        }
        // Sluice runs until told to stop; the raw loops stop by themselves at the expected count.
        try? input.fileHandleForWriting.close()
        while child.isRunning, BenchClock.epochSeconds() < deadline + 30 { usleep(20_000) }
        if child.isRunning {
            child.terminate()
            note = note ?? "the contestant did not finish within \(Int(timeout)) s"
        }
        child.waitUntilExit()
        childOutput.append(output.fileHandleForReading.readDataToEndOfFile())
        _ = try pacedLoader.wait()
        let lastLine = childOutput.split(separator: UInt8(ascii: "\n")).last.map { Data($0) } ?? Data()
        let report = try? JSONDecoder().decode(ChildReport.self, from: lastLine)
        if let failure = report?.error { note = "contestant failed: \(failure)" }
        if report == nil { note = note ?? "the contestant printed no report (exit \(child.terminationStatus))" }

        var result = ScenarioResult(
            scenario: scenario,
            completed: false,
            records: backlog,
            delivered: 0,
            harnessCPUSeconds: BenchClock.cpuSeconds() - harnessCPUBefore
        )
        result.cpuSeconds = report?.cpuSeconds
        result.peakRSSMiB = report?.peakRSSMiB
        result.commits = report?.commits
        result.loadRecordsPerSecond = loadRate
        var steadyStart: (count: Int, at: Double)?
        var steadyEnd: Double?
        let backlogDone: Double?
        if let watcher {
            let seen = watcher.observation
            if let error = seen.error { note = note ?? "watcher failed: \(error)" }
            result.delivered = seen.count
            result.latency = LatencySummary(seen.latencies)
            probe?.stop()
            let timeline = probe?.timeline
            if let error = timeline?.error { note = note ?? "commit probe failed: \(error)" }
            steadyStart = timeline?.outputWarm
            steadyEnd = timeline?.outputDoneAt
            backlogDone = timeline?.doneAt
        } else {
            result.delivered = report?.consumed ?? 0
            result.latency = report?.latency
            steadyStart = report?.firstRecordAt.map { (0, $0) }
            backlogDone = report?.backlogDoneAt
            steadyEnd = backlogDone
        }
        result.completed = note == nil && result.delivered >= backlog + paced
        if let steadyStart, let steadyEnd, steadyEnd > steadyStart.at {
            result.steadyRecordsPerSecond = Double(backlog - steadyStart.count) / (steadyEnd - steadyStart.at)
        }
        if let backlogDone {
            result.totalRecordsPerSecond = Double(backlog) / max(backlogDone - launchedAt, 1e-3)
        }
        if !result.completed, note == nil {
            note = "only \(result.delivered) of \(backlog + paced) records arrived"
        }
        result.note = note
        return result
    }

    /// The peer scripts' location, relative to the package root (the working directory).
    static let peerScript = "Benchmarks/Peers/confluent_consume.py"

    /// The Python of `SLUICE_PYTHON` or the project's `.venv`, if it exists and imports confluent_kafka.
    static func peerPython() -> String? {
        let candidate = ProcessInfo.processInfo.environment["SLUICE_PYTHON"] ?? ".venv/bin/python"
        guard FileManager.default.isExecutableFile(atPath: candidate),
            FileManager.default.fileExists(atPath: peerScript)
        else { return nil }
        let check = Process()
        check.executableURL = URL(fileURLWithPath: candidate)
        check.arguments = ["-c", "import confluent_kafka"]
        check.standardOutput = FileHandle.nullDevice
        check.standardError = FileHandle.nullDevice
        guard (try? check.run()) != nil else { return nil }
        check.waitUntilExit()
        return check.terminationStatus == 0 ? candidate : nil
    }

    /// Waits until the watcher has every output, the deadline passes, or no output arrives for 15 s (librdkafka's
    /// mock cluster drops old batches of a partition past about 5 MiB, and a reader behind it never sees them).
    static func waitForOutputs(_ watcher: OutputWatcher, until deadline: Double) -> Bool {
        var lastCount = -1
        var lastProgress = BenchClock.epochSeconds()
        while BenchClock.epochSeconds() < deadline {
            if watcher.waitForAll(timeout: 0.5) { return true }
            let count = watcher.count
            let now = BenchClock.epochSeconds()
            if count != lastCount {
                lastCount = count
                lastProgress = now
            } else if now - lastProgress > 15 {
                return false
            }
        }
        return false
    }
}
