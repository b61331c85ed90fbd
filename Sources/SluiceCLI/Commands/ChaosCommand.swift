import Foundation

/// `sluice chaos`: the crash harness users can run.
struct ChaosCommand: SluiceCommand {
    static let configuration = CommandConfiguration(
        name: "chaos",
        abstract: "Kill pipeline workers with SIGKILL while they run, then prove nothing was lost or duplicated",
        discussion: """
            Starts a sluice broker in this process and N worker processes of the flights pipeline (static
            members, exactly-once), feeds the input at a steady rate, kills random workers K times and restarts
            them, and also restarts one worker set to kill itself at each named point of the commit (before
            send_offsets_to_transaction, before the commit, during the commit). When the group has committed the
            whole input it stops the workers and reads the outputs with a read_committed consumer: every input
            must have exactly one output, equal to what an uninterrupted run gives, and within each output
            partition each source partition's records must come in offset order. Prints one figure per line and
            exits 1 on any violation.
            """,
        options: [
            .option("records", valueName: "N", help: "Input records", defaultValue: "20000"),
            .option("workers", valueName: "N", help: "Worker processes", defaultValue: "2"),
            .option("kills", valueName: "K", help: "Random SIGKILLs (besides one per crash point)", defaultValue: "5"),
            .option("seed", valueName: "S", help: "Seed of the kill plan", defaultValue: "1"),
            .option(
                "pipeline",
                valueName: "NAME",
                help: "The pipeline",
                defaultValue: "flights",
                allowedValues: ["flights"]
            ),
            .option(
                "feed-duration",
                valueName: "DURATION",
                help: "How long feeding the input takes",
                defaultValue: "15s"
            ),
            .option("timeout", valueName: "DURATION", help: "Give up after this long", defaultValue: "240s"),
            .option(
                "guarantee",
                valueName: "G",
                help: "The workers' guarantee (at-least-once shows what it costs)",
                defaultValue: "exactly-once",
                allowedValues: ["exactly-once", "at-least-once"]
            ),
            .option(
                "assignment",
                valueName: "STRATEGY",
                help: "The workers' assignment strategy: eager or cooperative-sticky (default: the library's)",
                allowedValues: ["eager", "cooperative-sticky"]
            ),
            .flag("no-crash-points", help: "Only random kills, no self-kills at the named points"),
            .flag(
                "stateful",
                help: "Run the stateful stage too, and compare its outputs with an uninterrupted run of the same input"
            ),
            .option("data", valueName: "FILE", help: "The flights CSV", defaultValue: "Data/flights.csv.zip"),
        ]
    )

    private let options: ChaosHarness.Options

    init(parsed: ParsedArguments) throws {
        var options = ChaosHarness.Options()
        options.records = try parsed.int("records")
        options.workers = try parsed.int("workers")
        options.kills = try parsed.int("kills")
        guard let seed = UInt64(try parsed.string("seed")) else {
            throw CommandLineError("--seed must be a non-negative whole number", hint: "see 'sluice chaos --help'")
        }
        options.seed = seed
        options.feedDuration = try parsed.duration("feed-duration")
        options.timeout = try parsed.duration("timeout")
        options.guarantee = try parsed.string("guarantee")
        options.assignment = parsed.optionalString("assignment")
        options.stateful = parsed.flag("stateful")
        options.dataPath = try parsed.string("data")
        if parsed.flag("no-crash-points") { options.crashPoints = [] }
        guard options.records >= 1, options.workers >= 1, options.kills >= 0 else {
            throw CommandLineError(
                "--records and --workers must be at least 1, --kills at least 0",
                hint: "see 'sluice chaos --help'"
            )
        }
        guard FileManager.default.fileExists(atPath: options.dataPath) else {
            throw CommandLineError(
                "data file '\(options.dataPath)' not found",
                hint: "run from the repository root or pass --data"
            )
        }
        self.options = options
    }

    func run() throws -> Int32 {
        let report = try ChaosHarness(options: options).run()
        print(report.description)
        return report.isClean ? 0 : 1
    }
}
