import SluiceCLI

/// A command that fails while running, for the router's exit code tests; it sits under a `group` command.
struct FailingCommand: SluiceCommand {
    struct Failure: Error, CustomStringConvertible {
        var description: String { "the broker went away" }
    }

    static let configuration = CommandConfiguration(name: "fail", abstract: "Always fail.")

    init(parsed: ParsedArguments) throws {}

    func run() throws -> Int32 {
        throw Failure()
    }
}
