import Foundation

/// Renders results as the markdown the harness prints and writes: the throughput table, Sluice against Quix
/// Streams, the load test, the memory scenario and the issue's targets.
enum ResultTable {
    /// Peak RSS at the largest input may exceed the smallest input's by this factor and still count as flat.
    static let flatMemoryFactor = 1.25

    /// Every section, with a header naming the run.
    static func markdown(_ report: BenchReport) -> String {
        let load = report.loadAverage.map { String(format: "%.1f", $0) }.joined(separator: " → ")
        var lines = [
            "Sluice benchmark, \(report.date), \(report.cores) cores, load average \(load), commit "
                + "\(report.commit ?? "unknown"), \(Int(report.durationSeconds)) s"
                + (report.quick ? ", --quick" : ""),
            "",
        ]
        if !report.results.isEmpty { lines += throughput(report.results) }
        let quix = quixComparison(report.results)
        if !quix.isEmpty { lines += [""] + quix }
        if !report.loadTest.isEmpty { lines += [""] + loadTest(report.loadTest) }
        if !report.memory.isEmpty { lines += [""] + memory(report.memory) }
        let targets = targets(report)
        if !targets.isEmpty { lines += ["", "Targets (issue 10):"] + targets }

        let notes =
            report.results.compactMap { result in result.note.map { "- \(result.scenario.name): \($0)" } }
            + report.memory.compactMap { result in result.note.map { "- memory \(result.scenario.name): \($0)" } }
        if !notes.isEmpty { lines += ["", "Incomplete, failed or skipped:"] + notes }
        if !report.notOnMock.isEmpty {
            lines += ["", "Not run on the mock cluster:"] + report.notOnMock.map { "- \($0)." }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The throughput table.
    static func throughput(_ results: [ScenarioResult]) -> [String] {
        var lines = [
            "| broker | workload | contestant | guarantee | commit | records | steady rec/s | total rec/s "
                + "| ratio to raw | ratio to Quix | p50 ms | p95 ms | p99 ms | CPU s | peak RSS MiB | harness CPU s |",
            "|---|---|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for result in results {
            let scenario = result.scenario
            let cells = [
                scenario.broker == .project ? "project" : "mock",
                scenario.workload.rawValue,
                scenario.contestant.rawValue,
                guarantee(scenario),
                interval(scenario),
                result.completed ? "\(result.records)" : "\(result.delivered)/\(result.records) (incomplete)",
                rate(result.steadyRecordsPerSecond),
                rate(result.totalRecordsPerSecond),
                number(result.ratioToRaw, digits: 2),
                number(result.ratioToQuix, digits: 1),
                number(result.latency?.p50),
                number(result.latency?.p95),
                number(result.latency?.p99),
                number(result.cpuSeconds, digits: 1),
                number(result.peakRSSMiB),
                number(result.harnessCPUSeconds, digits: 1),
            ]
            lines.append("| " + cells.joined(separator: " | ") + " |")
        }
        return lines
    }

    /// Sluice against Quix Streams on the same scenarios.
    static func quixComparison(_ results: [ScenarioResult]) -> [String] {
        let pairs = results.compactMap { result -> (ScenarioResult, ScenarioResult)? in
            guard result.scenario.contestant.isSluice, let quix = result.scenario.quixCounterpart(in: results) else {
                return nil
            }
            return (result, quix)
        }
        guard !pairs.isEmpty else { return [] }
        var lines = [
            "Sluice against Quix Streams (same broker, input, guarantee and commit interval):",
            "",
            "| Sluice | Quix Streams | guarantee | Sluice rec/s | Quix rec/s | Sluice ÷ Quix | Sluice CPU s "
                + "| Quix CPU s | Sluice p99 ms | Quix p99 ms |",
            "|---|---|---|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for (sluice, quix) in pairs {
            let cells = [
                sluice.scenario.contestant.rawValue,
                quix.scenario.contestant.rawValue,
                guarantee(sluice.scenario) + ", " + interval(sluice.scenario),
                rate(sluice.steadyRecordsPerSecond),
                rate(quix.steadyRecordsPerSecond),
                number(sluice.ratioToQuix, digits: 1),
                number(sluice.cpuSeconds, digits: 1),
                number(quix.cpuSeconds, digits: 1),
                number(sluice.latency?.p99),
                number(quix.latency?.p99),
            ]
            lines.append("| " + cells.joined(separator: " | ") + " |")
        }
        return lines
    }

    /// The load test's latency-versus-rate table.
    static func loadTest(_ points: [LoadTestResult]) -> [String] {
        var lines = [
            "Load test (exactly-once, 100 ms commits, open-loop producer, latency from each record's due time):",
            "",
            "| pipeline | target rec/s | achieved rec/s | records | p50 ms | p95 ms | p99 ms | max ms | drain s "
                + "| kept up | CPU s | peak RSS MiB |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|",
        ]
        for point in points {
            let cells = [
                point.contestant.rawValue,
                rate(point.targetRate),
                rate(point.achievedRate),
                "\(point.delivered)/\(point.records)",
                number(point.latency?.p50),
                number(point.latency?.p95),
                number(point.latency?.p99),
                number(point.latency?.max),
                number(point.drainSeconds, digits: 1),
                point.keptUp ? "yes" : "no: \(point.note ?? "")",
                number(point.cpuSeconds, digits: 1),
                number(point.peakRSSMiB),
            ]
            lines.append("| " + cells.joined(separator: " | ") + " |")
        }
        lines += ["", LoadTestResult.keptUpRule + "."]
        return lines
    }

    /// The memory scenario's table.
    static func memory(_ results: [ScenarioResult]) -> [String] {
        var lines = [
            "Memory (exactly-once, 100 ms commits, project broker; the input is the synthetic records repeated):",
            "",
            "| pipeline | records | completed | steady rec/s | CPU s | RSS MiB at 20/40/60/80/100% of the backlog "
                + "| peak RSS MiB |",
            "|---|---:|---|---:|---:|---|---:|",
        ]
        for result in results {
            let samples = result.residentSamples ?? []
            let profile = [0.2, 0.4, 0.6, 0.8, 1.0].map { fraction in
                let reached = samples.first { Double($0.outputs) >= fraction * Double(result.records) }
                return number(reached?.residentMiB)
            }
            let cells = [
                result.scenario.contestant.rawValue,
                "\(result.records)",
                result.completed ? "yes" : "no (\(result.delivered) outputs)",
                rate(result.steadyRecordsPerSecond),
                number(result.cpuSeconds, digits: 1),
                profile.joined(separator: " / "),
                number(result.peakRSSMiB),
            ]
            lines.append("| " + cells.joined(separator: " | ") + " |")
        }
        return lines
    }

    /// The issue's targets, met or missed, for the rows this run has.
    static func targets(_ report: BenchReport) -> [String] {
        func row(_ contestant: Contestant) -> ScenarioResult? {
            report.results.first { result in
                let scenario = result.scenario
                return scenario.contestant == contestant && scenario.broker == .project
                    && scenario.workload == .synthetic && scenario.exactlyOnce && scenario.commitMilliseconds == 100
            }
        }
        func verdict(_ value: Double?, atLeast target: Double) -> String {
            guard let value else { return "not measured" }
            return String(format: "%.2f, ", value) + (value >= target ? "met" : "missed")
        }
        var lines: [String] = []
        if let map = row(.sluiceMap) {
            lines.append(
                "- stateless exactly-once 100 ms ≥ 0.7 × raw transactional: " + verdict(map.ratioToRaw, atLeast: 0.7)
            )
            lines.append(
                "- stateless exactly-once 100 ms ≥ 3 × Quix Streams: " + verdict(map.ratioToQuix, atLeast: 3)
            )
        }
        for contestant in [Contestant.sluiceCountMemory, .sluiceCountRocksDB] {
            guard let count = row(contestant) else { continue }
            lines.append(
                "- count exactly-once 100 ms ≥ 5 × Quix Streams (\(contestant.rawValue)): "
                    + verdict(count.ratioToQuix, atLeast: 5)
            )
        }
        for contestant in BenchHarness.loadedPipelines {
            let runs = report.memory.filter { $0.scenario.contestant == contestant && $0.peakRSSMiB != nil }
                .sorted { $0.records < $1.records }
            guard let small = runs.first, let large = runs.last, runs.count > 1,
                let smallRSS = small.peakRSSMiB, let largeRSS = large.peakRSSMiB
            else { continue }
            let factor = largeRSS / smallRSS
            lines.append(
                "- memory flat (\(contestant.rawValue), peak RSS at \(large.records) records ≤ "
                    + String(format: "%.2f", flatMemoryFactor) + " × at \(small.records)): "
                    + String(format: "%.0f → %.0f MiB, ×%.2f, ", smallRSS, largeRSS, factor)
                    + (factor <= flatMemoryFactor ? "met" : "missed")
            )
        }
        return lines
    }

    /// One progress line for a finished scenario.
    static func summaryLine(_ result: ScenarioResult) -> String {
        var line = "\(rate(result.steadyRecordsPerSecond)) rec/s steady, \(rate(result.totalRecordsPerSecond)) total"
        if let latency = result.latency { line += ", p50 \(Int(latency.p50)) ms, p99 \(Int(latency.p99)) ms" }
        if let ratio = result.ratioToRaw { line += String(format: ", %.2f of raw", ratio) }
        if let note = result.note { line += " — \(note)" }
        return line
    }

    /// One progress line for a finished load-test point.
    static func summaryLine(_ result: LoadTestResult) -> String {
        var line = "achieved \(rate(result.achievedRate)) rec/s, \(result.delivered)/\(result.records) outputs"
        if let latency = result.latency {
            line += ", p50 \(Int(latency.p50)) ms, p95 \(Int(latency.p95)) ms, p99 \(Int(latency.p99)) ms"
        }
        line += result.keptUp ? ", kept up" : ", did not keep up: \(result.note ?? "")"
        return line
    }

    private static func guarantee(_ scenario: Scenario) -> String {
        scenario.contestant.isConsumeOnly ? "-" : (scenario.exactlyOnce ? "exactly-once" : "at-least-once")
    }

    private static func interval(_ scenario: Scenario) -> String {
        scenario.commitMilliseconds == 0
            ? "-" : (scenario.commitMilliseconds >= 1_000 ? "1 s" : "\(scenario.commitMilliseconds) ms")
    }

    private static func rate(_ value: Double?) -> String {
        guard let value else { return "-" }
        return value >= 10_000 ? "\(Int((value / 1_000).rounded()))k" : "\(Int(value.rounded()))"
    }

    private static func number(_ value: Double?, digits: Int = 0) -> String {
        guard let value else { return "-" }
        return String(format: "%.\(digits)f", value)
    }
}
