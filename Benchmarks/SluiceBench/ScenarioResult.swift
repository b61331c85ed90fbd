/// The measured figures of one scenario.
struct ScenarioResult: Codable, Sendable {
    /// What ran.
    var scenario: Scenario
    /// Whether every expected output arrived (or, for the consume-only loop, every record was read) in time.
    var completed: Bool
    /// Input records.
    var records: Int
    /// Outputs seen by the read_committed watcher (records read, for the consume-only loop).
    var delivered: Int
    /// Records per second through the backlog after start-up: outputs written (output high watermarks) between
    /// a tenth of the backlog and all of it (for consume-only loops, records read between the first and the
    /// last backlog record).
    var steadyRecordsPerSecond: Double?
    /// Records per second from the child's launch to the commit covering the whole backlog (the last backlog
    /// record read, for consume-only loops), start-up included.
    var totalRecordsPerSecond: Double?
    /// End-to-end latency: when the read_committed watcher received the output minus the input's load time.
    var latency: LatencySummary?
    /// CPU seconds of the contestant's process.
    var cpuSeconds: Double?
    /// Peak RSS of the contestant's process, MiB.
    var peakRSSMiB: Double?
    /// CPU seconds of the harness process (broker or mock cluster, loader, watcher) during the scenario.
    var harnessCPUSeconds: Double
    /// Records per second the loader achieved while the contestant ran.
    var loadRecordsPerSecond: Double?
    /// Steady throughput divided by the matching raw loop's, for Sluice rows.
    var ratioToRaw: Double?
    /// The raw loop the ratio compares with.
    var baselineName: String?
    /// Steady throughput divided by Quix Streams' on the same scenario, for Sluice rows that have one.
    var ratioToQuix: Double?
    /// The Quix Streams row that ratio compares with.
    var quixName: String?
    /// The contestant's resident memory as it worked (memory scenario only).
    var residentSamples: [ResidentSampler.Sample]?
    /// Commits the contestant reported.
    var commits: Int?
    /// Why the scenario did not complete, if it did not.
    var note: String?
}
