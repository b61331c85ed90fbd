import Testing

@testable import SluiceCLI

@Suite("Command router")
struct CommandRouterTests {
    private let router = CommandRouter(
        abstract: "Stream processing over Kafka.",
        commands: [EchoCommand.self, GroupCommand.self]
    )

    /// Runs a command line and captures the exit code, standard output and standard error.
    private func run(_ arguments: [String]) -> (code: Int32, output: String, error: String) {
        var output = ""
        var error = ""
        let code = router.run(arguments, standardOutput: { output += $0 }, standardError: { error += $0 })
        return (code, output, error)
    }

    private func echo(_ arguments: [String]) throws -> EchoCommand {
        guard case .run(let command) = try router.resolve(["echo"] + arguments) else {
            Issue.record("expected a command, got help")
            throw CommandLineError("no command")
        }
        return try #require(command as? EchoCommand)
    }

    @Test("options take values spaced or after =, defaults fill in, and typed getters convert")
    func typedValues() throws {
        let command = try echo(["in.csv", "--topic", "flights", "--count=5", "--interval", "5s", "--from=beginning"])
        #expect(command.topic == "flights")
        #expect(command.count == 5)
        #expect(command.interval == .seconds(5))
        #expect(command.from == .beginning)
        #expect(command.files == ["in.csv"])
        #expect(!command.verbose)

        let defaults = try echo(["in.csv", "-t", "flights", "-v"])
        #expect(defaults.count == 10)
        #expect(defaults.interval == .milliseconds(500))
        #expect(defaults.from == .end)
        #expect(defaults.verbose)
    }

    @Test("repeated options collect every value; variadic arguments take the rest; -- ends options")
    func repeatedAndPositional() throws {
        let command = try echo([
            "a.csv", "--header", "x=1", "b.csv", "--topic", "t", "--header=y=2", "--", "--not-an-option",
        ])
        #expect(command.headers == ["x=1", "y=2"])
        #expect(command.files == ["a.csv", "b.csv", "--not-an-option"])
    }

    @Test("negative numbers are values, not options")
    func negativeNumbers() throws {
        #expect {
            _ = try echo(["a.csv", "--topic", "t", "--count", "-3"])
        } throws: { error in
            (error as? CommandLineError)?.message == "--count must not be negative"
        }
    }

    @Test("durations accept ns, us, ms, s, m and h, with fractions")
    func durations() {
        #expect(Duration(commandLineValue: "500ms") == .milliseconds(500))
        #expect(Duration(commandLineValue: "1.5s") == .milliseconds(1_500))
        #expect(Duration(commandLineValue: "2m") == .seconds(120))
        #expect(Duration(commandLineValue: "1h") == .seconds(3_600))
        #expect(Duration(commandLineValue: "250us") == .microseconds(250))
        #expect(Duration(commandLineValue: "10ns") == .nanoseconds(10))
        for bad in ["5", "s", "-1s", "1.2.3s", "fives", ""] {
            #expect(Duration(commandLineValue: bad) == nil, "\(bad)")
        }
    }

    @Test("an unknown option exits 2 with one error line and a hint naming the command's help")
    func unknownOption() {
        let result = run(["echo", "in.csv", "--topic", "t", "--bogus"])
        #expect(result.code == 2)
        #expect(result.output.isEmpty)
        #expect(result.error == "error: unknown option '--bogus' for 'sluice echo'\nsee 'sluice echo --help'\n")

        let typo = run(["echo", "in.csv", "--topik", "t"])
        #expect(typo.code == 2)
        #expect(typo.error.contains("did you mean '--topic'?"))
    }

    @Test("usage mistakes exit 2 with a message saying what is wrong")
    func usageErrors() {
        let cases: [([String], String)] = [
            (["echo", "in.csv"], "error: missing option '--topic <name>' for 'sluice echo'"),
            (["echo", "--topic", "t"], "error: missing argument <file> for 'sluice echo'"),
            (["echo", "in.csv", "--topic"], "error: option '--topic' needs a value <name> for 'sluice echo'"),
            (["echo", "in.csv", "--topic", "a", "--topic", "b"], "error: option '--topic' is given more than once"),
            (["echo", "in.csv", "-t", "t", "--verbose=yes"], "error: flag '--verbose' takes no value"),
            (
                ["echo", "in.csv", "-t", "t", "--count", "ten"],
                "error: invalid value 'ten' for option '--count' of 'sluice echo': expected an integer"
            ),
            (
                ["echo", "in.csv", "-t", "t", "--interval", "5"],
                "error: invalid value '5' for option '--interval' of 'sluice echo': expected a duration"
            ),
            (
                ["echo", "in.csv", "-t", "t", "--from", "middle"],
                "error: invalid value 'middle' for option '--from' of 'sluice echo': expected one of: beginning, end"
            ),
            (["bogus"], "error: unknown command 'bogus' for 'sluice'"),
            (["ech"], "did you mean 'echo'?"),
            ([], "error: missing subcommand for 'sluice'"),
            (["group"], "error: missing subcommand for 'sluice group'"),
            (["group", "nope"], "error: unknown command 'nope' for 'sluice group'"),
            (["--bogus"], "error: unknown option '--bogus' for 'sluice'"),
        ]
        for (arguments, expected) in cases {
            let result = run(arguments)
            #expect(result.code == 2, "\(arguments)")
            #expect(result.error.contains(expected), "\(arguments): \(result.error)")
            #expect(result.error.split(separator: "\n").count <= 2, "\(arguments)")
        }
    }

    @Test("--help and -h on every level print usage from the declarations and exit 0")
    func help() {
        let echoHelp = run(["echo", "--help"])
        #expect(echoHelp.code == 0)
        #expect(echoHelp.error.isEmpty)
        #expect(echoHelp.output.contains("OVERVIEW: Print what was parsed."))
        #expect(
            echoHelp.output.contains(
                """

                Used only by the tests. This discussion is long enough that it has to be wrapped
                at eighty columns, and its lines are joined first.

                  sluice echo in.csv --topic t

                USAGE:
                """
            )
        )
        #expect(echoHelp.output.contains("USAGE: sluice echo <file> [<extra> ...] --topic <name> [--count <count>]\n"))
        #expect(echoHelp.output.contains("\n       [--interval <interval>] [--from <from>]"))
        #expect(echoHelp.output.contains("  -t, --topic <name>      The topic."))
        #expect(
            echoHelp.output.contains(
                "Where to start. (values: beginning, end) (default:\n                          end)"
            )
        )
        #expect(echoHelp.output.contains("--header <key=value>    A header to add. (repeatable)"))
        #expect(echoHelp.output.contains("-h, --help"))

        #expect(run(["echo", "in.csv", "--topic", "-h"]).output == echoHelp.output)
        #expect(run(["help", "echo"]).output == echoHelp.output)

        let root = run(["-h"])
        #expect(root.code == 0)
        #expect(root.output.contains("SUBCOMMANDS:"))
        #expect(root.output.contains("  echo                    Print what was parsed."))
        #expect(root.output.contains("  group                   Hold subcommands."))

        let nested = run(["group", "fail", "--help"])
        #expect(nested.code == 0)
        #expect(nested.output.contains("USAGE: sluice group fail"))
        #expect(run(["group", "--help"]).output.contains("  fail                    Always fail."))
    }

    @Test("a command's own exit code is returned; an error it throws exits 1 with one line")
    func exitCodes() {
        #expect(run(["echo", "in.csv", "--topic", "t"]).code == 0)
        #expect(run(["echo", "in.csv", "--topic", "t", "--count", "99"]).code == 7)

        let failed = run(["group", "fail"])
        #expect(failed.code == 1)
        #expect(failed.error == "error: the broker went away\n")

        let invalid = run(["echo", "in.csv", "--topic", "t", "--count", "-1"])
        #expect(invalid.code == 2)
        #expect(invalid.error == "error: --count must not be negative\nsee 'sluice echo --help'\n")
    }
}
