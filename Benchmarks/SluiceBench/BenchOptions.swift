/// The command line of `sluice-bench`.
struct BenchOptions {
    /// Smaller inputs, fewer scenarios (``Scenario/plan(broker:workload:quick:)``), a shorter load
    /// test and no memory scenario (unless `--memory`), for a run under 3 minutes.
    var quick = false
    /// Where the JSON file, the markdown table and the latency plot go.
    var outputDirectory = "Benchmarks/results"
    /// The flights archive.
    var dataPath = "Data/flights.csv.zip"
    /// Run only scenarios whose name contains this text (throughput, `load/…` and `memory/…` names alike).
    var only: String?
    /// Run only the restore benchmark (``RestoreBench``) instead of the throughput scenarios.
    var restore = false
    /// Run only the lane benchmark (``LaneBench``) instead of the throughput scenarios.
    var lanes = false
    /// Run only the memory scenario.
    var memoryOnly = false
    /// Whether the harness may create the peers' virtual environments and install them from PyPI.
    var installPeers = true
    /// Render the table and latency plot again from this JSON file of an earlier run, and run nothing.
    var replotPath: String?

    /// Synthetic records.
    var syntheticRecords: Int { quick ? 100_000 : 1_000_000 }
    /// Flights rows (`nil`: all).
    var flightsLimit: Int? { quick ? 50_000 : nil }
    /// Records sent at a fixed rate after the backlog, for latency (3 s worth, 1 s with `--quick`).
    var pacedRecords: Int { quick ? 10_000 : 30_000 }
    /// The rate of the paced records, well under every contestant's throughput.
    var pacedRate: Double { 10_000 }
    /// Seconds before a scenario is abandoned.
    var scenarioTimeout: Double { quick ? 60 : 180 }
    /// The load test's fixed rates, records per second.
    var loadRates: [Double] { quick ? [10_000, 100_000] : [10_000, 50_000, 100_000, 200_000] }
    /// Seconds at each load-test rate.
    var loadSeconds: Double { quick ? 3 : 10 }
    /// The memory scenario's input sizes: the small one and five times as many.
    var memoryRecords: [Int] { quick ? [100_000, 500_000] : [1_000_000, 5_000_000] }

    /// Parses the arguments (without the program name).
    static func parse(_ arguments: [String]) throws -> BenchOptions {
        var options = BenchOptions()
        var remaining = arguments[...]
        while let argument = remaining.popFirst() {
            switch argument {
            case "--quick": options.quick = true
            case "--restore": options.restore = true
            case "--lanes": options.lanes = true
            case "--memory": options.memoryOnly = true
            case "--no-install": options.installPeers = false
            case "--output", "--data", "--only", "--replot":
                guard let value = remaining.popFirst() else { throw BenchError("\(argument) needs a value") }
                switch argument {
                case "--output": options.outputDirectory = value
                case "--data": options.dataPath = value
                case "--replot": options.replotPath = value
                default: options.only = value
                }
            case "--help", "-h":
                throw BenchError(
                    "usage: sluice-bench [--quick] [--output DIR] [--data FLIGHTS.zip] [--only NAME-PART] "
                        + "[--no-install]\n"
                        + "       sluice-bench --memory [--quick]    (peak RSS at 1M and 5M records only)\n"
                        + "       sluice-bench --replot RESULTS.json (table and latency plot of an earlier run)\n"
                        + "       sluice-bench --restore [--quick]   (state store restore, both engines)\n"
                        + "       sluice-bench --lanes [--quick]     (5 ms per record: no lanes, 1 lane, 8 lanes)"
                )
            default: throw BenchError("unknown argument \(argument) (try --help)")
            }
        }
        return options
    }
}
