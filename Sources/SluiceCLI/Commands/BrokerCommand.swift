import Foundation
import SluiceKafka

/// `sluice broker`: a standalone broker on loopback until SIGINT or SIGTERM.
struct BrokerCommand: SluiceCommand {
    static let configuration = CommandConfiguration(
        name: "broker",
        abstract: "Run a Kafka-protocol broker on loopback for local development and tests",
        discussion: """
            --mock runs librdkafka's mock cluster: it speaks the real protocol but has no transaction semantics,
            keeps about 5 MiB per partition and listens on a random port. It prints its bootstrap address on
            stdout and runs until interrupted.
            """,
        options: [
            .flag("mock", help: "Run librdkafka's mock cluster"),
            .option("brokers", valueName: "N", help: "Mock brokers (with --mock)", defaultValue: "1"),
            .option(
                "topic",
                valueName: "NAME:PARTITIONS",
                help: "Create a topic at start; repeatable",
                isRepeatable: true
            ),
        ]
    )

    private let brokers: Int
    private let topics: [(String, Int)]

    init(parsed: ParsedArguments) throws {
        brokers = try parsed.int("brokers")
        guard brokers >= 1 else {
            throw CommandLineError("--brokers must be at least 1", hint: "see 'sluice broker --help'")
        }
        topics = try parsed.strings("topic").map { spec in
            let parts = spec.split(separator: ":")
            guard parts.count == 2, !parts[0].isEmpty, let partitions = Int(parts[1]), partitions >= 1 else {
                throw CommandLineError(
                    "invalid value '\(spec)' for '--topic': expected NAME:PARTITIONS",
                    hint: "see 'sluice broker --help'"
                )
            }
            return (String(parts[0]), partitions)
        }
    }

    func run() throws -> Int32 {
        let cluster = try KafkaMockCluster(brokers: brokers)
        for (name, partitions) in topics {
            try cluster.createTopic(name, partitions: partitions)
        }
        FileHandle.standardOutput.write(Data((cluster.bootstrapServers + "\n").utf8))
        StandardError.write("mock cluster listening at \(cluster.bootstrapServers); stop with Ctrl-C or SIGTERM")

        let stopped = DispatchSemaphore(value: 0)
        let signals = ShutdownSignals { _ in stopped.signal() }
        stopped.wait()
        signals.cancel()
        cluster.stop()
        return 0
    }
}
