import Foundation

/// The parent process: prepares the inputs once, runs every scenario one after another (throughput, then the
/// load test, then the memory scenario), writes the results.
struct BenchHarness {
    /// The parsed command line.
    var options: BenchOptions

    /// The pipelines of the load test and the memory scenario: stateless and stateful (count), exactly-once.
    static let loadedPipelines: [Contestant] = [.sluiceMap, .sluiceCountMemory]

    /// Runs the benchmark and returns the process exit status.
    func run() throws -> Int32 {
        if options.restore {
            return try RestoreBench(options: options).run()
        }
        if options.lanes {
            return try LaneBench(options: options).run()
        }
        if let path = options.replotPath {
            return try replot(path)
        }
        let started = Date()
        let loadBefore = MachineState.loadAverage()
        progress("preparing inputs…")
        let synthetic = Workload.synthetic(count: options.syntheticRecords)
        let flights =
            options.memoryOnly ? nil : try Workload.flights(zipPath: options.dataPath, limit: options.flightsLimit)
        progress("synthetic: \(synthetic.count) records; flights: \(flights?.count ?? 0) records")

        let plan = throughputPlan()
        let loadPlan = options.memoryOnly ? [] : selected(loadTestPlan()) { $0.name }
        let memoryPlan =
            options.quick && !options.memoryOnly ? [] : selected(memoryScenarioPlan()) { Self.memoryName($0) }
        let peers = PeerEnvironment.prepare(
            needsConfluent: plan.contains { $0.contestant == .pythonConsume },
            needsQuix: plan.contains { $0.contestant.isQuix },
            install: options.installPeers,
            progress: progress
        )
        let runner = ScenarioRunner(
            timeout: options.scenarioTimeout,
            pacedRecords: options.pacedRecords,
            pacedRate: options.pacedRate,
            peers: peers
        )
        let steps = plan.count + loadPlan.count + memoryPlan.count
        var step = 0

        var results: [ScenarioResult] = []
        for scenario in plan {
            step += 1
            progress("[\(step)/\(steps)] \(scenario.name)…")
            guard var workload = scenario.workload == .synthetic ? synthetic : flights else { continue }
            workload.onMockCluster = scenario.broker == .mock
            var result = try runner.run(scenario, workload: workload)
            if let baseline = scenario.baseline(in: results), let raw = baseline.steadyRecordsPerSecond,
                let mine = result.steadyRecordsPerSecond
            {
                result.ratioToRaw = mine / raw
                result.baselineName = baseline.scenario.name
            }
            results.append(result)
            progress("    " + ResultTable.summaryLine(result))
        }
        for index in results.indices {
            guard let quix = results[index].scenario.quixCounterpart(in: results),
                let theirs = quix.steadyRecordsPerSecond, let mine = results[index].steadyRecordsPerSecond
            else { continue }
            results[index].ratioToQuix = mine / theirs
            results[index].quixName = quix.scenario.name
        }

        var loadTest: [LoadTestResult] = []
        let loadRunner = LoadTestRunner(workload: synthetic, seconds: options.loadSeconds)
        for point in loadPlan {
            step += 1
            progress("[\(step)/\(steps)] \(point.name)…")
            let result = try loadRunner.run(point.contestant, rate: point.targetRate)
            loadTest.append(result)
            progress("    " + ResultTable.summaryLine(result))
        }

        var memory: [ScenarioResult] = []
        let memoryRunner = ScenarioRunner(
            timeout: options.scenarioTimeout * 3,
            pacedRecords: options.pacedRecords,
            pacedRate: options.pacedRate,
            peers: peers,
            samplesResidentMemory: true
        )
        for (scenario, records) in memoryPlan {
            step += 1
            progress("[\(step)/\(steps)] \(Self.memoryName((scenario, records)))…")
            let result = try memoryRunner.run(scenario, workload: synthetic, backlog: records)
            memory.append(result)
            progress("    " + ResultTable.summaryLine(result) + ", peak RSS \(Int(result.peakRSSMiB ?? 0)) MiB")
        }

        let report = BenchReport(
            date: ISO8601DateFormatter().string(from: started),
            command: (["sluice-bench"] + CommandLine.arguments.dropFirst()).joined(separator: " "),
            quick: options.quick,
            cores: ProcessInfo.processInfo.activeProcessorCount,
            commit: MachineState.commit(),
            loadAverage: [loadBefore, MachineState.loadAverage()],
            durationSeconds: Date().timeIntervalSince(started),
            consumerSettings: BenchSettings.consumer,
            producerSettings: BenchSettings.producer,
            results: results,
            loadTest: loadTest,
            memory: memory,
            notOnMock: plan.contains { $0.broker == .mock }
                ? Contestant.allCases.compactMap { contestant in
                    contestant.mockLimitation.map { "\(contestant.rawValue): \($0)" }
                } : []
        )
        try write(report)
        let completed = results.allSatisfy(\.completed) && memory.allSatisfy(\.completed)
        return completed ? 0 : 2
    }

    /// The throughput scenarios selected by the options.
    private func throughputPlan() -> [Scenario] {
        guard !options.memoryOnly else { return [] }
        let plan = [BrokerKind.project, .mock].flatMap { broker in
            [WorkloadKind.synthetic, .flights].flatMap {
                Scenario.plan(broker: broker, workload: $0, quick: options.quick)
            }
        }
        return selected(plan) { $0.name }
    }

    /// Every load-test point: each pipeline at each rate.
    private func loadTestPlan() -> [LoadTestResult] {
        Self.loadedPipelines.flatMap { contestant in
            options.loadRates.map { rate in
                LoadTestResult(
                    contestant: contestant,
                    targetRate: rate,
                    seconds: options.loadSeconds,
                    records: Int(rate * options.loadSeconds),
                    delivered: 0,
                    keptUp: false
                )
            }
        }
    }

    /// Every memory run: each pipeline (exactly-once, 100 ms) at each input size.
    private func memoryScenarioPlan() -> [(Scenario, Int)] {
        Self.loadedPipelines.flatMap { contestant in
            options.memoryRecords.map { records in
                let scenario = Scenario(
                    contestant: contestant,
                    broker: .project,
                    workload: .synthetic,
                    exactlyOnce: true,
                    commitMilliseconds: 100
                )
                return (scenario, records)
            }
        }
    }

    /// The name of a memory run, e.g. `memory/sluice-map/eos/5M`.
    static func memoryName(_ run: (Scenario, Int)) -> String {
        let size = run.1 >= 1_000_000 ? "\(run.1 / 1_000_000)M" : "\(run.1 / 1_000)k"
        return "memory/\(run.0.contestant.rawValue)/eos/\(size)"
    }

    /// The elements whose name contains `--only`'s text (all without it).
    private func selected<Element>(_ elements: [Element], name: (Element) -> String) -> [Element] {
        guard let only = options.only else { return elements }
        return elements.filter { name($0).contains(only) }
    }

    /// Writes the JSON file, the markdown table and, with a load test, the latency plot; prints the table.
    private func write(_ report: BenchReport) throws {
        let table = ResultTable.markdown(report)
        try FileManager.default.createDirectory(atPath: options.outputDirectory, withIntermediateDirectories: true)
        let stamp = report.date.replacingOccurrences(of: ":", with: "")
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let jsonPath = "\(options.outputDirectory)/bench-\(stamp).json"
        let tablePath = "\(options.outputDirectory)/bench-\(stamp).md"
        try encoder.encode(report).write(to: URL(fileURLWithPath: jsonPath))
        try Data(table.utf8).write(to: URL(fileURLWithPath: tablePath))
        var written = [jsonPath, tablePath]
        if !report.loadTest.isEmpty {
            let plotPath = "\(options.outputDirectory)/bench-\(stamp)-latency.svg"
            try Data(LoadTestPlot.svg(report).utf8).write(to: URL(fileURLWithPath: plotPath))
            written.append(plotPath)
        }
        print(table)
        progress("wrote \(written.joined(separator: ", ")) in \(Int(report.durationSeconds)) s")
    }

    /// Reads the JSON file of an earlier run, prints its table and writes its latency plot beside it
    /// (`<name>-latency.svg`), so a change to the rendering does not need a new run.
    private func replot(_ path: String) throws -> Int32 {
        let report = try JSONDecoder().decode(BenchReport.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
        print(ResultTable.markdown(report))
        guard !report.loadTest.isEmpty else {
            progress("\(path) has no load test to plot")
            return 0
        }
        let plotPath = (path.hasSuffix(".json") ? String(path.dropLast(5)) : path) + "-latency.svg"
        try Data(LoadTestPlot.svg(report).utf8).write(to: URL(fileURLWithPath: plotPath))
        progress("wrote \(plotPath)")
        return 0
    }

    private func progress(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}
