import SluiceCLI

/// A command that only holds subcommands, like `sluice run`.
struct GroupCommand: SluiceCommand {
    static let configuration = CommandConfiguration(
        name: "group",
        abstract: "Hold subcommands.",
        subcommands: [FailingCommand.self]
    )

    init(parsed: ParsedArguments) throws {}

    func run() throws -> Int32 { 0 }
}
