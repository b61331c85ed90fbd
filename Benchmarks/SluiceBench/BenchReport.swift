/// Everything one run measured, as written to the JSON file.
struct BenchReport: Codable, Sendable {
    /// When the run started (ISO 8601, UTC).
    var date: String
    /// The command line.
    var command: String
    /// Whether it was a `--quick` run.
    var quick: Bool
    /// Processor cores of the machine.
    var cores: Int
    /// The commit the harness was built from (`git rev-parse --short HEAD`), with "+ uncommitted work" when the
    /// tree had changes.
    var commit: String?
    /// The 1-minute load average when the run started and when it ended.
    var loadAverage: [Double]
    /// Seconds the whole run took.
    var durationSeconds: Double
    /// Consumer properties every contestant used.
    var consumerSettings: [String: String]
    /// Producer properties every contestant used.
    var producerSettings: [String: String]
    /// One entry per throughput scenario, in run order.
    var results: [ScenarioResult]
    /// The load test's points, in run order.
    var loadTest: [LoadTestResult]
    /// The memory scenario's runs.
    var memory: [ScenarioResult]
    /// The contestants left off the mock cluster, each with the reason.
    var notOnMock: [String]
}
