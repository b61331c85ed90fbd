/// A command of the `sluice` tool: it declares its options, is built from what was parsed, and runs.
///
/// The router parses the command line against ``configuration``, answers `--help`, turns parse errors into
/// exit code 2, then calls `init(parsed:)` and `run()`.
public protocol SluiceCommand: SendableMetatype {
    /// The command's name, help text, options, arguments and subcommands.
    static var configuration: CommandConfiguration { get }

    /// Builds the command from parsed values.
    ///
    /// - Throws: ``CommandLineError`` for a value that parses but makes no sense; any other error ends the
    ///   process with exit code 1.
    init(parsed: ParsedArguments) throws

    /// Runs the command.
    ///
    /// - Returns: The process exit code.
    /// - Throws: Any error, printed as one line with exit code 1 (or a ``CommandLineError`` with its own code).
    func run() throws -> Int32
}
