import FlightDelays
import Foundation

/// `sluice run flights`: the flights job end to end.
struct RunFlightsCommand: SluiceCommand {
    static let configuration = CommandConfiguration(
        name: "flights",
        abstract: "Load the 2013 New York flights and route them: cancelled, departed by origin",
        discussion: """
            Without --bootstrap, starts an embedded broker in this process. Loads the data file into 'flights'
            (6 partitions, day order, keyed by tailnum, timestamped by time_hour) unless the topic already holds
            records, runs the 'flight-delays' application until the input is drained, checks its books and
            prints a summary. Exits 1 if the books do not balance.
            """,
        options: [
            .option("bootstrap", valueName: "HOST:PORT", help: "Kafka bootstrap servers (default: an embedded broker)"),
            .option("data", valueName: "FILE", help: "The flights CSV (.csv, .gz or .zip)", defaultValue: "Data/flights.csv.zip"),
            .option("threads", valueName: "N", help: "Stream threads", defaultValue: "2"),
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
        self.options = options
    }

    func run() throws -> Int32 {
        let summary = try FlightDelaysJob(options: options).run()
        print(summary.description)
        return 0
    }
}
