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
    /// The peers' Python interpreters.
    var peers: PeerEnvironment
    /// Whether to sample the contestant's resident memory as it works (the memory scenario).
    var samplesResidentMemory = false

    /// Runs `scenario` over `workload`.
    /// - Parameters:
    ///   - scenario: What runs.
    ///   - workload: The input records.
    ///   - backlog: Records preloaded (default: the workload's count; more repeat the workload).
    func run(_ scenario: Scenario, workload: Workload, backlog: Int? = nil) throws -> ScenarioResult {
        let harnessCPUBefore = BenchClock.cpuSeconds()
        var peerPython: String?
        if scenario.contestant.isPeer {
            switch peers.interpreter(for: scenario.contestant) {
            case .ready(let python):
                peerPython = python
            case .unavailable(let reason):
                return ScenarioResult(
                    scenario: scenario,
                    completed: false,
                    records: backlog ?? workload.count,
                    delivered: 0,
                    harnessCPUSeconds: 0,
                    note: "skipped: \(reason)"
                )
            }
        }
        let cluster = try BenchCluster(kind: scenario.broker)
        defer { cluster.stop() }
        try cluster.createTopic(workload.inputTopic, partitions: workload.inputPartitions)
        let outputs = workload.outputTopics(for: scenario.contestant)
        for output in outputs { try cluster.createTopic(output.name, partitions: output.partitions) }
        if scenario.contestant.isSluice, let group = scenario.contestant.groupID {
            let deadLetters = "\(group)-dlq"
            if !outputs.contains(where: { $0.name == deadLetters }) {
                try cluster.createTopic(deadLetters, partitions: 1)
            }
        }
        if scenario.broker == .mock, scenario.contestant.isSluice, scenario.contestant.isStateful {
            let topics = try MockInternalTopics.topics(
                for: scenario.contestant,
                inputTopic: workload.inputTopic,
                partitions: workload.inputPartitions
            )
            for (topic, partitions) in topics { try cluster.createTopic(topic, partitions: partitions) }
        }
        let stateDirectory = scenario.contestant.isStateful ? try Self.makeStateDirectory() : nil
        defer { if let stateDirectory { try? FileManager.default.removeItem(atPath: stateDirectory) } }

        let backlog = backlog ?? workload.count
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
        if let script = scenario.contestant.peerScript, let python = peerPython {
            child.executableURL = URL(fileURLWithPath: python)
            child.arguments = [script]
        }
        child.arguments! += [
            "--contestant", scenario.contestant.rawValue,
            "--bootstrap", cluster.bootstrap,
            "--input", workload.inputTopic,
            "--output-topic", BenchTopologies.outputTopic,
            "--records", String(backlog),
            "--paced", String(paced),
            "--commit-ms", String(scenario.commitMilliseconds),
            "--guarantee", scenario.exactlyOnce ? "eos" : "alo",
        ]
        if let stateDirectory { child.arguments! += ["--state-dir", stateDirectory] }
        let input = Pipe()
        let output = Pipe()
        child.standardInput = input
        child.standardOutput = output
        let launchedAt = BenchClock.epochSeconds()
        try child.run()
        let written = try cluster.writtenCounter(topics: outputs)
        let sampler = samplesResidentMemory ? ResidentSampler(pid: child.processIdentifier, written: written) : nil
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
        let residentSamples = sampler?.stop()
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
        result.residentSamples = residentSamples
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
            // The later of the input's last commit and the backlog's last output: they differ when a repartition
            // topic sits between them.
            backlogDone = timeline?.doneAt.map { max($0, timeline?.outputDoneAt ?? $0) }
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

    /// A fresh, empty folder for a stateful contestant's stores.
    static func makeStateDirectory() throws -> String {
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("sluice-bench-state-\(getpid())-\(UInt32.random(in: 0...UInt32.max))").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
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
