import SluiceKafka

/// `sluice diff TOPIC_A TOPIC_B`: whether two topics hold the same records, as a replay's output should.
struct DiffCommand: SluiceCommand {
    static let configuration = CommandConfiguration(
        name: "diff",
        abstract: "Compare two topics record by record (or by final value per key) and report the first differences",
        discussion: """
            Reads both topics from the beginning to their end offsets at start (read_committed). As streams (the
            default), records are grouped by their provenance source partition (the sluice.provenance header a
            Sluice application stamps), taken in order, and compared by key, value and headers (provenance and
            trace headers left out), output partition, and source offset when both read the same source topic.
            Provenance topics that differ only by application id (repartition topics of a replay under a new id)
            are compared with each other. With --table, topics are compared by the final value of each key, as
            tables whose every update is emitted should be. Prints the first differences; exit code 0 when the
            topics are identical, 1 when they differ.
            """,
        options: [
            .flag("table", help: "Compare the final value of each key instead of every record"),
            .option("limit", valueName: "N", help: "Differences to print", defaultValue: "10"),
            .option(
                "timeout",
                valueName: "DURATION",
                help: "Give up after this long without progress",
                defaultValue: "30s"
            ),
            CommonOptions.bootstrap,
        ],
        arguments: [
            ArgumentSpec("TOPIC_A", help: "The first topic, such as the live output"),
            ArgumentSpec("TOPIC_B", help: "The second topic, such as a replay's output"),
        ]
    )

    private let topics: (String, String)
    private let table: Bool
    private let limit: Int
    private let timeout: Duration
    private let servers: [String]

    init(parsed: ParsedArguments) throws {
        topics = (try parsed.string("TOPIC_A"), try parsed.string("TOPIC_B"))
        table = parsed.flag("table")
        limit = try parsed.int("limit")
        timeout = try parsed.duration("timeout")
        servers = CommonOptions.bootstrapServers(parsed)
        guard limit >= 0 else {
            throw CommandLineError("'--limit' cannot be negative", hint: "see 'sluice diff --help'")
        }
        guard timeout > .zero else {
            throw CommandLineError("'--timeout' must be positive", hint: "see 'sluice diff --help'")
        }
    }

    func run() throws -> Int32 {
        let reader = TopicSnapshotReader(bootstrapServers: servers, idleTimeout: timeout)
        var first: [KafkaRecord] = []
        var second: [KafkaRecord] = []
        try reader.read(topic: topics.0) { first.append($0) }
        try reader.read(topic: topics.1) { second.append($0) }

        let diff = TopicDiff(limit: limit)
        let report =
            table
            ? diff.compareTables(first, second, topics: topics) : diff.compareStreams(first, second, topics: topics)
        print(report.text)
        return report.isIdentical ? 0 : 1
    }
}
