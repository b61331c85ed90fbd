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
    /// Consumer properties every contestant used.
    var consumerSettings: [String: String]
    /// Producer properties every contestant used.
    var producerSettings: [String: String]
    /// One entry per scenario, in run order.
    var results: [ScenarioResult]
}
