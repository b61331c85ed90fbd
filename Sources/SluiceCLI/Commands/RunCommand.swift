/// `sluice run`: groups the pipelines the command line knows.
struct RunCommand: SluiceCommand {
    static let configuration = CommandConfiguration(
        name: "run",
        abstract: "Run a pipeline",
        subcommands: [RunFlightsCommand.self]
    )

    init(parsed: ParsedArguments) throws {}

    func run() throws -> Int32 { 0 }
}
