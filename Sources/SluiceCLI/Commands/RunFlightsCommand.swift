import FlightDelays
import Foundation
import Sluice

/// `sluice run flights`: the flights job end to end.
struct RunFlightsCommand: SluiceCommand {
    static let configuration = CommandConfiguration(
        name: "flights",
        abstract: "Load the 2013 New York flights: route them, window delays by hour, count by carrier, join weather",
        discussion: """
            Without --bootstrap, starts an embedded broker in this process: Sluice's own transactional broker, or
            with --embedded mock librdkafka's mock cluster (at-least-once only). Loads the data file into 'flights'
            (6 partitions, day order, keyed by tailnum, timestamped by time_hour) unless the topic already holds
            records, and the weather into 'weather' (4 partitions, keyed ORIGIN|time_hour), runs the
            'flight-delays' application until the input is drained, checks its books and prints a summary. The
            stateful stage writes delays-by-origin-hourly, flights-by-carrier and low-visibility-departures; it is
            left out on the embedded mock. Exits 1 if the books do not balance.
            """,
        options: [
            .option("bootstrap", valueName: "HOST:PORT", help: "Kafka bootstrap servers (default: an embedded broker)"),
            .option(
                "embedded",
                valueName: "BROKER",
                help: "The broker to embed without --bootstrap: sluice (transactional) or mock (librdkafka's)",
                defaultValue: "sluice",
                allowedValues: ["sluice", "mock"]
            ),
            .option(
                "data",
                valueName: "FILE",
                help: "The flights CSV (.csv, .gz or .zip)",
                defaultValue: "Data/flights.csv.zip"
            ),
            .option("threads", valueName: "N", help: "Stream threads", defaultValue: "2"),
            .option(
                "guarantee",
                valueName: "G",
                help: "Processing guarantee on a given broker (the embedded mock is always at-least-once)",
                defaultValue: "exactly-once",
                allowedValues: ["exactly-once", "at-least-once"]
            ),
            .option(
                "commit-interval",
                valueName: "DURATION",
                help: "Commit interval, e.g. 100ms (default per guarantee)"
            ),
            .option("session-timeout", valueName: "DURATION", help: "Group session timeout", defaultValue: "45s"),
            .option("instance-id", valueName: "ID", help: "Static group membership id of this worker"),
            .option(
                "assignment",
                valueName: "STRATEGY",
                help: "Partition assignment strategy: eager (range) or cooperative-sticky (default: the library's)",
                allowedValues: ["eager", "cooperative-sticky"]
            ),
            .option("metrics-port", valueName: "PORT", help: "Serve /metrics, /healthz and /readyz on 127.0.0.1:PORT"),
            .option("trace-sampling", valueName: "RATE", help: "Share of untraced records that start a trace (0-1)"),
            .option(
                "trace-endpoint",
                valueName: "URL",
                help: "OTLP/HTTP JSON traces endpoint, e.g. http://127.0.0.1:4318/v1/traces"
            ),
            .option(
                "weather",
                valueName: "FILE",
                help: "The weather CSV for the stateful stage (default: weather.csv beside --data)"
            ),
            .option(
                "store",
                valueName: "ENGINE",
                help: "State store engine: memory or rocksdb",
                defaultValue: "memory",
                allowedValues: ["memory", "rocksdb"]
            ),
            .option("state-dir", valueName: "DIR", help: "State directory (default: sluice-state in the temp dir)"),
            .flag("stateless", help: "Leave out the stateful stage (hourly windows, carrier table, weather join)"),
            .flag("no-load", help: "Do not load the data file; process what the topic holds"),
            .flag("load-only", help: "Load the data (flights and weather) and exit, for --no-load workers to share"),
            .flag("forever", help: "Keep running after the input is drained, until SIGINT or SIGTERM"),
            .option(
                "lookup-delay",
                valueName: "DURATION",
                help: "Add a simulated aircraft lookup that waits this long per flight (e.g. 5ms)"
            ),
            .option(
                "lookup-lanes",
                valueName: "N",
                help: "Run the lookup on N key lanes per task (0: on the stream thread)",
                defaultValue: "8"
            ),
            CommonOptions.logLevel,
        ]
    )

    private let options: FlightDelaysJob.Options

    init(parsed: ParsedArguments) throws {
        var options = FlightDelaysJob.Options(
            bootstrapServers: parsed.optionalString("bootstrap").map { $0.split(separator: ",").map(String.init) },
            dataPath: try parsed.string("data")
        )
        options.streamThreads = try parsed.int("threads")
        options.embeddedBroker = FlightDelaysJob.EmbeddedBroker(rawValue: try parsed.string("embedded")) ?? .sluice
        guard options.streamThreads >= 1 else {
            throw CommandLineError("--threads must be at least 1", hint: "see 'sluice run flights --help'")
        }
        guard FileManager.default.fileExists(atPath: options.dataPath) else {
            throw CommandLineError(
                "data file '\(options.dataPath)' not found",
                hint: "run from the repository root or pass --data"
            )
        }
        options.logger = CommonOptions.logger(parsed, label: "sluice.flights")
        options.processingGuarantee = try parsed.string("guarantee") == "at-least-once" ? .atLeastOnce : .exactlyOnce
        options.commitInterval = try parsed.optionalDuration("commit-interval")
        options.sessionTimeout = try parsed.duration("session-timeout")
        options.groupInstanceID = parsed.optionalString("instance-id")
        options.assignmentStrategy = parsed.optionalString("assignment").map {
            $0 == "eager" ? .eager : .cooperativeSticky
        }
        options.loadsData = !parsed.flag("no-load")
        options.loadsOnly = parsed.flag("load-only")
        if options.loadsOnly && !options.loadsData {
            throw CommandLineError(
                "--load-only and --no-load exclude each other",
                hint: "see 'sluice run flights --help'"
            )
        }
        options.metricsPort = try parsed.optionalInt("metrics-port")
        if let rate = parsed.optionalString("trace-sampling") {
            guard let value = Double(rate), (0...1).contains(value) else {
                throw CommandLineError(
                    "invalid value '\(rate)' for '--trace-sampling': expected a number from 0 to 1",
                    hint: "see 'sluice run flights --help'"
                )
            }
            options.tracing.samplingRate = value
        }
        options.tracing.exportEndpoint = parsed.optionalString("trace-endpoint")
        options.stopsAtEndOfInput = !parsed.flag("forever")
        options.stateful = !parsed.flag("stateless")
        options.weatherPath = parsed.optionalString("weather")
        options.storeEngine = StoreEngine(rawValue: try parsed.string("store")) ?? .inMemory
        options.stateDirectory = parsed.optionalString("state-dir")
        if let delay = try parsed.optionalDuration("lookup-delay") {
            let lanes = try parsed.int("lookup-lanes")
            guard (0...256).contains(lanes) else {
                throw CommandLineError("--lookup-lanes must be 0 to 256", hint: "see 'sluice run flights --help'")
            }
            options.lookup = AircraftLookup(lanes: lanes, delay: delay)
        }
        self.options = options
    }

    func run() throws -> Int32 {
        let summary = try FlightDelaysJob(options: options).run()
        if options.loadsOnly {
            print("loaded \(summary.loaded) flights and \(summary.weatherLoaded) weather rows")
        } else if options.stopsAtEndOfInput || summary.interrupted {
            print(summary.description)
        }
        return 0
    }
}
