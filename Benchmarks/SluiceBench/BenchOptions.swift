/// The command line of `sluice-bench`.
struct BenchOptions {
    /// Smaller synthetic input (200,000 records) and a 100,000-row flights prefix, for a run under 3 minutes.
    var quick = false
    /// Where the JSON file and the markdown table go.
    var outputDirectory = "Benchmarks/results"
    /// The flights archive.
    var dataPath = "Data/flights.csv.zip"
    /// Run only scenarios whose name contains this text.
    var only: String?
    /// Run only the restore benchmark (``RestoreBench``) instead of the throughput scenarios.
    var restore = false

    /// Synthetic records.
    var syntheticRecords: Int { quick ? 200_000 : 1_000_000 }
    /// Flights rows (`nil`: all).
    var flightsLimit: Int? { quick ? 100_000 : nil }
    /// Records sent at a fixed rate after the backlog, for latency (3 s worth, 2 s with `--quick`).
    var pacedRecords: Int { quick ? 20_000 : 30_000 }
    /// The rate of the paced records, well under every contestant's throughput.
    var pacedRate: Double { 10_000 }
    /// Seconds before a scenario is abandoned.
    var scenarioTimeout: Double { quick ? 60 : 180 }

    /// Parses the arguments (without the program name).
    static func parse(_ arguments: [String]) throws -> BenchOptions {
        var options = BenchOptions()
        var remaining = arguments[...]
        while let argument = remaining.popFirst() {
            switch argument {
            case "--quick": options.quick = true
            case "--restore": options.restore = true
            case "--output", "--data", "--only":
                guard let value = remaining.popFirst() else { throw BenchError("\(argument) needs a value") }
                switch argument {
                case "--output": options.outputDirectory = value
                case "--data": options.dataPath = value
                default: options.only = value
                }
            case "--help", "-h":
                throw BenchError(
                    "usage: sluice-bench [--quick] [--output DIR] [--data FLIGHTS.zip] [--only NAME-PART]\n"
                        + "       sluice-bench --restore [--quick]   (state store restore, both engines)"
                )
            default: throw BenchError("unknown argument \(argument) (try --help)")
            }
        }
        return options
    }
}
