import Foundation
import SluiceKafka

/// `sluice tail TOPIC`: prints records of a topic, one JSON object per line.
struct TailCommand: SluiceCommand {
    static let configuration = CommandConfiguration(
        name: "tail",
        abstract: "Print a topic's records as JSON lines (read_committed)",
        options: [
            .option(
                "from",
                valueName: "WHERE",
                help: "beginning, end, or an offset for every partition",
                defaultValue: "end"
            ),
            .option("count", valueName: "N", help: "Stop after N records (default: run until interrupted)"),
            .option("idle", valueName: "DURATION", help: "Stop after this long without a record, e.g. 5s"),
            CommonOptions.bootstrap,
        ],
        arguments: [ArgumentSpec("TOPIC", help: "The topic to read")]
    )

    private let topic: String
    private let start: Int64
    private let count: Int?
    private let idle: Duration?
    private let servers: [String]

    init(parsed: ParsedArguments) throws {
        topic = try parsed.string("TOPIC")
        let from = try parsed.string("from")
        switch from {
        case "beginning": start = KafkaOffset.beginning
        case "end": start = KafkaOffset.end
        default:
            guard let offset = Int64(from), offset >= 0 else {
                throw CommandLineError(
                    "invalid value '\(from)' for '--from': expected beginning, end or an offset",
                    hint: "see 'sluice tail --help'"
                )
            }
            start = offset
        }
        count = try parsed.optionalInt("count")
        idle = try parsed.optionalDuration("idle")
        servers = CommonOptions.bootstrapServers(parsed)
    }

    func run() throws -> Int32 {
        let consumer = try KafkaConsumer(
            configuration: KafkaConsumerConfiguration(bootstrapServers: servers, groupID: nil)
        )
        defer { try? consumer.close() }
        guard let described = try consumer.metadata(topics: [topic], timeout: .seconds(15)).first,
            described.error == nil
        else {
            throw KafkaError(code: .unknownTopicOrPartition, message: "topic '\(topic)' does not exist")
        }
        try consumer.assign(
            Dictionary(
                uniqueKeysWithValues: (0..<Int32(described.partitionCount)).map {
                    (TopicPartition(topic: topic, partition: $0), start)
                }
            )
        )

        let stopped = StopFlag()
        let signals = ShutdownSignals { _ in stopped.set() }
        defer { signals.cancel() }
        var printed = 0
        var lastRecord = ContinuousClock.now
        while !stopped.isSet {
            let records = try consumer.poll(maxRecords: 500, timeout: .milliseconds(200)).records
            if records.isEmpty, let idle, ContinuousClock.now - lastRecord >= idle { break }
            for record in records {
                print(RecordPrinter.json(record))
                printed += 1
                if let count, printed >= count { return 0 }
            }
            if !records.isEmpty { lastRecord = .now }
        }
        return 0
    }
}
