/// One point of the load test: a pipeline fed at one fixed rate.
struct LoadTestResult: Codable, Sendable {
    /// The pipeline (always exactly-once, 100 ms commits, on the project's broker).
    var contestant: Contestant
    /// The rate the open-loop producer aimed at, records per second.
    var targetRate: Double
    /// Seconds the producer ran at that rate.
    var seconds: Double
    /// Records sent at the rate (after the warm-up).
    var records: Int
    /// Records per second between the first and the last send.
    var achievedRate: Double?
    /// Outputs of the paced records the read_committed watcher received.
    var delivered: Int
    /// End-to-end latency over the paced records: receive time of the output minus the record's due time.
    var latency: LatencySummary?
    /// Seconds from the last send to the last output.
    var drainSeconds: Double?
    /// CPU seconds of the pipeline's process.
    var cpuSeconds: Double?
    /// Peak RSS of the pipeline's process, MiB.
    var peakRSSMiB: Double?
    /// Whether the pipeline kept up: see ``keptUpRule``.
    var keptUp: Bool
    /// Why it did not keep up, or why the run failed.
    var note: String?

    /// The rule behind ``keptUp``, as the table's notes print it.
    static let keptUpRule =
        "kept up: the producer reached 95% of the target rate, every output arrived, and p99 stayed under "
        + "1 s (ten commit intervals); a pipeline that falls behind shows latency growing with the run instead"

    /// A short unique name, e.g. `load/sluice-count-memory/eos/50k`.
    var name: String { "load/\(contestant.rawValue)/eos/\(Int(targetRate / 1_000))k" }

    /// Decides ``keptUp`` and ``note`` from the figures.
    mutating func judge() {
        var reasons: [String] = []
        if let note { reasons.append(note) }
        if let achievedRate, achievedRate < targetRate * 0.95 {
            reasons.append("the producer reached only \(Int(achievedRate / 1_000))k records/s")
        }
        if delivered < records { reasons.append("\(delivered) of \(records) outputs arrived") }
        if let p99 = latency?.p99, p99 >= 1_000 { reasons.append("p99 \(Int(p99)) ms") }
        if latency == nil { reasons.append("no latency samples") }
        keptUp = reasons.isEmpty
        note = reasons.isEmpty ? nil : reasons.joined(separator: "; ")
    }
}
