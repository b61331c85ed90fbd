import Foundation

/// Picks the command named by the first words of the command line, parses the rest against its declaration,
/// answers `--help`, runs it, and turns every outcome into an exit code.
///
/// Exit codes: what the command's `run()` returns; 0 after help; 2 for a ``CommandLineError``; 1 for any other
/// error thrown by a command. Errors print as one `error: ` line on standard error, with a hint line for usage
/// errors.
///
/// - Important: Short options cannot be bundled (`-ab`) and a short option's value cannot be attached (`-n5`);
///   write `-a -b` and `-n 5`.
public struct CommandRouter: Sendable {
    /// What the command line asked for.
    public enum Resolution {
        /// Run this command.
        case run(any SluiceCommand)

        /// Print this help text and exit 0.
        case help(String)
    }

    /// The root configuration: the tool's name and its top-level commands.
    public let root: CommandConfiguration

    /// Creates a router.
    ///
    /// - Parameters:
    ///   - name: The tool's name, as typed. Default: `sluice`.
    ///   - abstract: One line saying what the tool does.
    ///   - discussion: Longer help for the top level. Default: none.
    ///   - commands: The top-level commands.
    public init(
        name: String = "sluice",
        abstract: String,
        discussion: String = "",
        commands: [any SluiceCommand.Type]
    ) {
        root = CommandConfiguration(name: name, abstract: abstract, discussion: discussion, subcommands: commands)
    }

    /// Parses a command line and builds the command it names.
    ///
    /// - Parameter arguments: The words after the program name.
    /// - Returns: The command to run, or help to print.
    /// - Throws: ``CommandLineError`` for a usage mistake; whatever the command's `init(parsed:)` throws.
    public func resolve(_ arguments: [String]) throws -> Resolution {
        var words = arguments[...]
        if words.first == "help" {
            words.removeFirst()
            let (name, configuration, _, _) = try descend(into: Array(words), requireAll: true)
            return .help(CommandHelp(commandName: name, configuration: configuration).render())
        }

        let (name, configuration, command, depth) = try descend(into: Array(words), requireAll: false)
        let rest = Array(words.dropFirst(depth))

        // The root, or a command with subcommands and no arguments of its own, only groups commands.
        let isGroup = !configuration.subcommands.isEmpty && configuration.arguments.isEmpty
        guard let command, !isGroup else {
            if rest.contains(where: { $0 == "--help" || $0 == "-h" }) {
                return .help(CommandHelp(commandName: name, configuration: configuration).render())
            }
            if let first = rest.first, !CommandLineParser.looksLikeOption(first) {
                throw unknownCommand(first, under: name, configuration: configuration)
            }
            if let first = rest.first {
                throw CommandLineError("unknown option '\(first)' for '\(name)'", hint: "see '\(name) --help'")
            }
            throw CommandLineError("missing subcommand for '\(name)'", hint: "see '\(name) --help'")
        }

        let parser = CommandLineParser(commandName: name, configuration: configuration)
        switch try parser.parse(rest) {
        case .help:
            return .help(CommandHelp(commandName: name, configuration: configuration).render())
        case .parsed(let parsed):
            return .run(try command.init(parsed: parsed))
        }
    }

    /// Resolves and runs a command line, printing help and errors.
    ///
    /// - Parameters:
    ///   - arguments: The words after the program name.
    ///   - standardOutput: Where help goes. Default: the process's standard output.
    ///   - standardError: Where errors go. Default: the process's standard error.
    /// - Returns: The exit code.
    public func run(
        _ arguments: [String],
        standardOutput: (String) -> Void = { FileHandle.standardOutput.write(Data($0.utf8)) },
        standardError: (String) -> Void = { FileHandle.standardError.write(Data($0.utf8)) }
    ) -> Int32 {
        do {
            switch try resolve(arguments) {
            case .help(let text):
                standardOutput(text)
                return 0
            case .run(let command):
                return try command.run()
            }
        } catch let error as CommandLineError {
            standardError(error.description + "\n")
            return error.exitCode
        } catch {
            let line = "\(error)".split(separator: "\n").joined(separator: "; ")
            standardError("error: \(line)\n")
            return 1
        }
    }

    /// Follows subcommand names from the root as far as the words go.
    ///
    /// - Returns: The full command name, its configuration, its type (nil for the root), and how many words
    ///   named it.
    private func descend(
        into words: [String],
        requireAll: Bool
    ) throws -> (String, CommandConfiguration, (any SluiceCommand.Type)?, Int) {
        var name = root.name
        var configuration = root
        var command: (any SluiceCommand.Type)?
        var depth = 0
        for word in words {
            guard let next = configuration.subcommands.first(where: { $0.configuration.name == word }) else {
                if requireAll {
                    throw unknownCommand(word, under: name, configuration: configuration)
                }
                break
            }
            command = next
            configuration = next.configuration
            name += " " + word
            depth += 1
        }
        return (name, configuration, command, depth)
    }

    private func unknownCommand(_ word: String, under name: String, configuration: CommandConfiguration)
        -> CommandLineError
    {
        let names = configuration.subcommands.map { $0.configuration.name }
        var hint = "see '\(name) --help'"
        if let suggestion = CommandLineParser.closest(to: word, among: names) {
            hint = "did you mean '\(suggestion)'? " + hint
        }
        return CommandLineError("unknown command '\(word)' for '\(name)'", hint: hint)
    }
}
