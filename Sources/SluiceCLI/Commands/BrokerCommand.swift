import Foundation
import SluiceBroker
import SluiceKafka

/// `sluice broker`: a standalone broker on loopback until SIGINT or SIGTERM.
struct BrokerCommand: SluiceCommand {
    static let configuration = CommandConfiguration(
        name: "broker",
        abstract: "Run a Kafka-protocol broker on loopback for local development and tests",
        discussion: """
            By default runs Sluice's own single-node broker, which implements Kafka transactions (markers, last
            stable offset, aborted-transaction lists, transactional offsets, fencing), groups and the rest of what
            clients need; it is for tests and local development, not production. --mock runs librdkafka's mock
            cluster instead: it speaks the real protocol but has no transaction semantics, keeps about 5 MiB per
            partition and listens on a random port. Either prints its bootstrap address on stdout and runs until
            SIGINT or SIGTERM.
            """,
        options: [
            .option("port", valueName: "PORT", help: "Port on 127.0.0.1 (0 picks a free one)", defaultValue: "9092"),
            .option("partitions", valueName: "N", help: "Partitions of topics created on demand", defaultValue: "1"),
            .flag("mock", help: "Run librdkafka's mock cluster"),
            .option("data-dir", valueName: "DIR", help: "Keep the log and metadata in DIR (default: memory only)"),
            .option(
                "fsync",
                valueName: "POLICY",
                help: "With --data-dir: 'never' survives a process kill, 'always' also a machine crash",
                defaultValue: "never",
                allowedValues: ["never", "always"]
            ),
            .option("control-port", valueName: "PORT", help: "Loopback port for 'sluice broker-fault' commands"),
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
    private let mock: Bool
    private let port: Int
    private let defaultPartitions: Int
    private let dataDirectory: String?
    private let fsync: FsyncPolicy
    private let controlPort: Int?

    init(parsed: ParsedArguments) throws {
        mock = parsed.flag("mock")
        port = try parsed.int("port")
        defaultPartitions = try parsed.int("partitions")
        dataDirectory = parsed.optionalString("data-dir")
        fsync = FsyncPolicy(try parsed.string("fsync")) ?? .never
        controlPort = try parsed.optionalInt("control-port")
        guard (0...65_535).contains(port) else {
            throw CommandLineError("--port must be between 0 and 65535", hint: "see 'sluice broker --help'")
        }
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
        mock ? try runMock() : try runBroker()
    }

    private func runBroker() throws -> Int32 {
        var configuration = BrokerConfiguration(port: port)
        configuration.defaultPartitions = defaultPartitions
        configuration.dataDirectory = dataDirectory
        configuration.fsync = fsync
        configuration.controlPort = controlPort
        let broker = Broker(configuration: configuration)
        try broker.start()
        for (name, partitions) in topics {
            do {
                try broker.createTopic(name, partitions: partitions)
            } catch let error as BrokerError where error.code == .topicExists && dataDirectory != nil {
                // Restarted on a data directory that already holds the topic.
            }
        }
        FileHandle.standardOutput.write(Data((broker.bootstrapServers + "\n").utf8))
        let storage = dataDirectory.map { "data in \($0), fsync \(fsync)" } ?? "memory only"
        let control = controlPort == nil ? "" : ", control port 127.0.0.1:\(broker.controlPort)"
        StandardError.write(
            "sluice broker listening at \(broker.bootstrapServers) (\(storage)\(control), for tests and local "
                + "development); stop with Ctrl-C or SIGTERM"
        )
        let stopped = DispatchSemaphore(value: 0)
        let signals = ShutdownSignals { _ in stopped.signal() }
        stopped.wait()
        signals.cancel()
        broker.stop()
        return 0
    }

    private func runMock() throws -> Int32 {
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
