import Foundation
import SluiceKafka

/// `sluice lag --app APP`: how far an application's group is behind, per partition.
struct LagCommand: SluiceCommand {
    static let configuration = CommandConfiguration(
        name: "lag",
        abstract: "Show an application's committed offset, end offset and lag per partition",
        discussion: """
            The end offset is the last stable offset (what a read_committed reader can reach), so a partition
            whose last records are an open transaction does not count them yet. Only partitions the group has
            committed are listed.
            """,
        options: [
            .option("app", valueName: "APP", help: "The application id (its consumer group)", isRequired: true),
            .option("topic", valueName: "TOPIC", help: "Only this topic; repeatable", isRepeatable: true),
            .flag("json", help: "Print a JSON array instead of a table"),
            CommonOptions.bootstrap,
        ]
    )

    private let application: String
    private let topics: [String]
    private let json: Bool
    private let servers: [String]

    init(parsed: ParsedArguments) throws {
        application = try parsed.string("app")
        topics = parsed.strings("topic")
        json = parsed.flag("json")
        servers = CommonOptions.bootstrapServers(parsed)
    }

    private struct Row: Encodable {
        var topic: String
        var partition: Int32
        var committed: Int64
        var end: Int64
        var lag: Int64
    }

    func run() throws -> Int32 {
        let consumer = try KafkaConsumer(
            configuration: KafkaConsumerConfiguration(bootstrapServers: servers, groupID: application)
        )
        defer { try? consumer.close() }
        let described = try consumer.metadata(topics: topics.isEmpty ? nil : topics, timeout: .seconds(15))
        var partitions: [TopicPartition] = []
        for topic in described where topic.error == nil && !topic.name.hasPrefix("__") {
            partitions += (0..<Int32(topic.partitionCount)).map { TopicPartition(topic: topic.name, partition: $0) }
        }
        if let unknown = described.first(where: { $0.error != nil && topics.contains($0.name) }) {
            throw KafkaError(code: .unknownTopicOrPartition, message: "topic '\(unknown.name)' does not exist")
        }

        var rows: [Row] = []
        for (partition, committed) in try consumer.committed(partitions, timeout: .seconds(15)) where committed >= 0 {
            let end = try consumer.watermarks(topic: partition.topic, partition: partition.partition).high
            rows.append(
                Row(
                    topic: partition.topic,
                    partition: partition.partition,
                    committed: committed,
                    end: end,
                    lag: max(end - committed, 0)
                )
            )
        }
        rows.sort { ($0.topic, $0.partition) < ($1.topic, $1.partition) }

        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            print(String(decoding: try encoder.encode(rows), as: UTF8.self))
            return 0
        }
        guard !rows.isEmpty else {
            StandardError.write("group '\(application)' has no committed offsets")
            return 0
        }
        let width = max(rows.map(\.topic.count).max() ?? 5, 5)
        print(
            "TOPIC".padding(toLength: width, withPad: " ", startingAt: 0)
                + "  PARTITION   COMMITTED         END         LAG"
        )
        for row in rows {
            print(
                row.topic.padding(toLength: width, withPad: " ", startingAt: 0)
                    + String(format: "  %9d  %10lld  %10lld  %10lld", row.partition, row.committed, row.end, row.lag)
            )
        }
        print("total lag: \(rows.map(\.lag).reduce(0, +))")
        return 0
    }
}
