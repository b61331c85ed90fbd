import Foundation

/// Renders results as the markdown table the harness prints and writes.
enum ResultTable {
    /// The table with a header naming the run, plus notes for incomplete rows and what is not measured.
    static func markdown(_ report: BenchReport) -> String {
        var lines = [
            "Sluice benchmark, \(report.date), \(report.cores) cores\(report.quick ? ", --quick" : "")",
            "",
            "| broker | workload | contestant | guarantee | commit | records | steady rec/s | total rec/s "
                + "| ratio to raw | p50 ms | p95 ms | p99 ms | CPU s | peak RSS MiB | harness CPU s |",
            "|---|---|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for result in report.results {
            let scenario = result.scenario
            let guarantee =
                scenario.contestant.isConsumeOnly ? "-" : (scenario.exactlyOnce ? "exactly-once" : "at-least-once")
            let interval =
                scenario.commitMilliseconds == 0
                ? "-" : (scenario.commitMilliseconds >= 1_000 ? "1 s" : "\(scenario.commitMilliseconds) ms")
            let cells = [
                scenario.broker == .project ? "project" : "mock",
                scenario.workload.rawValue,
                scenario.contestant.rawValue,
                guarantee,
                interval,
                result.completed ? "\(result.records)" : "\(result.delivered)/\(result.records) (incomplete)",
                rate(result.steadyRecordsPerSecond),
                rate(result.totalRecordsPerSecond),
                result.ratioToRaw.map { String(format: "%.2f", $0) } ?? "-",
                number(result.latency?.p50),
                number(result.latency?.p95),
                number(result.latency?.p99),
                number(result.cpuSeconds, digits: 1),
                number(result.peakRSSMiB),
                number(result.harnessCPUSeconds, digits: 1),
            ]
            lines.append("| " + cells.joined(separator: " | ") + " |")
        }
        let notes = report.results.compactMap { result in result.note.map { "- \(result.scenario.name): \($0)" } }
        if !notes.isEmpty { lines += ["", "Incomplete or failed:"] + notes }
        lines += [
            "",
            "Not measured: stateful count per key (in-memory and RocksDB stores) and the hourly windowed aggregate "
                + "(Sluice has no state stores or windows yet); Quix Streams (not installed, and its application loop "
                + "is not wired into the harness yet); a confluent-kafka Python consume→produce loop; the open-loop "
                + "load test at fixed rates.",
        ]
        return lines.joined(separator: "\n") + "\n"
    }

    /// One progress line for a finished scenario.
    static func summaryLine(_ result: ScenarioResult) -> String {
        var line = "\(rate(result.steadyRecordsPerSecond)) rec/s steady, \(rate(result.totalRecordsPerSecond)) total"
        if let latency = result.latency { line += ", p50 \(Int(latency.p50)) ms, p99 \(Int(latency.p99)) ms" }
        if let ratio = result.ratioToRaw { line += String(format: ", %.2f of raw", ratio) }
        if let note = result.note { line += " — \(note)" }
        return line
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
