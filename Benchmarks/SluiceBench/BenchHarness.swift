import Foundation

/// The parent process: prepares the inputs once, runs every scenario one after another, writes the results.
struct BenchHarness {
    /// The parsed command line.
    var options: BenchOptions

    /// Runs the benchmark and returns the process exit status.
    func run() throws -> Int32 {
        if options.restore {
            return try RestoreBench(options: options).run()
        }
        let started = Date()
        progress("preparing inputs…")
        let synthetic = Workload.synthetic(count: options.syntheticRecords)
        let flights = try Workload.flights(zipPath: options.dataPath, limit: options.flightsLimit)
        progress("synthetic: \(synthetic.count) records; flights: \(flights.count) records")

        let runner = ScenarioRunner(
            timeout: options.scenarioTimeout,
            pacedRecords: options.pacedRecords,
            pacedRate: options.pacedRate
        )
        var results: [ScenarioResult] = []
        let plan = [BrokerKind.project, .mock].flatMap { broker in
            [WorkloadKind.synthetic, .flights].flatMap { Scenario.plan(broker: broker, workload: $0) }
        }
        .filter { scenario in options.only.map { scenario.name.contains($0) } ?? true }
        for (index, scenario) in plan.enumerated() {
            progress("[\(index + 1)/\(plan.count)] \(scenario.name)…")
            var workload = scenario.workload == .synthetic ? synthetic : flights
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

        let report = BenchReport(
            date: ISO8601DateFormatter().string(from: started),
            command: (["sluice-bench"] + CommandLine.arguments.dropFirst()).joined(separator: " "),
            quick: options.quick,
            cores: ProcessInfo.processInfo.activeProcessorCount,
            consumerSettings: BenchSettings.consumer,
            producerSettings: BenchSettings.producer,
            results: results
        )
        let table = ResultTable.markdown(report)
        try FileManager.default.createDirectory(atPath: options.outputDirectory, withIntermediateDirectories: true)
        let stamp = report.date.replacingOccurrences(of: ":", with: "")
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let jsonPath = "\(options.outputDirectory)/bench-\(stamp).json"
        let tablePath = "\(options.outputDirectory)/bench-\(stamp).md"
        try encoder.encode(report).write(to: URL(fileURLWithPath: jsonPath))
        try Data(table.utf8).write(to: URL(fileURLWithPath: tablePath))
        print(table)
        progress("wrote \(jsonPath) and \(tablePath) in \(Int(Date().timeIntervalSince(started))) s")
        return results.allSatisfy(\.completed) ? 0 : 2
    }

    private func progress(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}
