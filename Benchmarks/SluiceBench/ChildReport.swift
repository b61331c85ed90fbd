/// What a contestant's child process prints (one JSON object on standard output) when it ends.
struct ChildReport: Codable, Sendable {
    /// Records the contestant consumed.
    var consumed: Int = 0
    /// Records it produced (0 for the consume-only loop).
    var produced: Int = 0
    /// Commits (offset commits or transactions) it made.
    var commits: Int = 0
    /// User plus system CPU seconds of the child.
    var cpuSeconds: Double = 0
    /// Peak resident set size of the child, in MiB.
    var peakRSSMiB: Double?
    /// Epoch seconds when the first record was consumed (consume-only loop).
    var firstRecordAt: Double?
    /// Epoch seconds when the last backlog record was consumed (consume-only loop).
    var backlogDoneAt: Double?
    /// Consume-time latencies of the consume-only loop over the paced records (receive time minus load time).
    var latency: LatencySummary?
    /// Why the contestant failed, if it did.
    var error: String?
}
