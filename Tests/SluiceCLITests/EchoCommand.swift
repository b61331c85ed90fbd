import SluiceCLI

/// A trivial command for the router tests: it records what it parsed into a shared log.
struct EchoCommand: SluiceCommand {
    enum Start: String, CaseIterable, CommandLineValue {
        case beginning, end
    }

    static let configuration = CommandConfiguration(
        name: "echo",
        abstract: "Print what was parsed.",
        discussion: """
            Used only by the tests. This discussion is long enough that it has to be wrapped at eighty
            columns, and its lines are joined first.

              sluice echo in.csv --topic t
            """,
        options: [
            .option("topic", shortName: "t", valueName: "name", help: "The topic.", isRequired: true),
            .option("count", help: "How many.", defaultValue: "10"),
            .option("interval", help: "How often.", defaultValue: "500ms"),
            .option("from", help: "Where to start.", defaultValue: "end", allowedValues: ["beginning", "end"]),
            .option("header", valueName: "key=value", help: "A header to add.", isRepeatable: true),
            .flag("verbose", shortName: "v", help: "Say more."),
        ],
        arguments: [
            ArgumentSpec("file", help: "The input file."),
            ArgumentSpec("extra", help: "More files.", isRequired: false, isRepeatable: true),
        ]
    )

    let topic: String
    let count: Int
    let interval: Duration
    let from: Start
    let headers: [String]
    let verbose: Bool
    let files: [String]

    init(parsed: ParsedArguments) throws {
        topic = try parsed.string("topic")
        count = try parsed.int("count")
        interval = try parsed.duration("interval")
        from = try parsed.value("from")
        headers = parsed.strings("header")
        verbose = parsed.flag("verbose")
        files = [try parsed.string("file")] + parsed.strings("extra")
        if count < 0 {
            throw CommandLineError("--count must not be negative", hint: "see 'sluice echo --help'")
        }
    }

    func run() throws -> Int32 {
        count == 99 ? 7 : 0
    }
}
