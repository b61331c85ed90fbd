/// The `sluice` command line: its commands and entry point.
public enum SluiceTool {
    /// The router with every command.
    public static let router = CommandRouter(
        abstract: "Sluice: exactly-once stream processing over Kafka, in Swift",
        commands: [
            BrokerCommand.self, BrokerFaultCommand.self, LoadCommand.self, TailCommand.self, RunCommand.self,
            LagCommand.self, ChaosCommand.self, VerifyCommand.self, ReplayCommand.self, DiffCommand.self,
        ]
    )

    /// Runs the command line and returns the exit code.
    /// - Parameter arguments: The words after the program name.
    public static func main(_ arguments: [String]) -> Int32 {
        router.run(arguments)
    }
}
