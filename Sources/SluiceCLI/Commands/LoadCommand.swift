import Foundation
import SluiceKafka

/// `sluice load FILE --topic T`: sends a CSV or JSON-lines file to a topic.
struct LoadCommand: SluiceCommand {
    static let configuration = CommandConfiguration(
        name: "load",
        abstract: "Load a CSV or JSON-lines file (plain, .gz or .zip) into a topic",
        discussion: """
            Each CSV row is sent as a JSON object of its cells as strings, verbatim ('NA' stays "NA"); each JSON
            line is sent as it is. An empty or NA key field gives a null key; null-keyed records go to their row
            number modulo the partition count. The topic must exist, or the broker must create it on demand.
            """,
        options: [
            .option("topic", valueName: "TOPIC", help: "The topic to load into", isRequired: true),
            .option("key", valueName: "FIELD", help: "The field whose value is the record key"),
            .option("timestamp", valueName: "FIELD", help: "The field holding the record time (ISO 8601 or epoch ms)"),
            .option(
                "compression",
                valueName: "CODEC",
                help: "Batch compression",
                defaultValue: "zstd",
                allowedValues: ["none", "gzip", "snappy", "lz4", "zstd"]
            ),
            CommonOptions.bootstrap,
        ],
        arguments: [ArgumentSpec("FILE", help: "The file to load")]
    )

    private let path: String
    private let topic: String
    private let keyField: String?
    private let timestampField: String?
    private let compression: String
    private let servers: [String]

    init(parsed: ParsedArguments) throws {
        path = try parsed.string("FILE")
        topic = try parsed.string("topic")
        keyField = parsed.optionalString("key")
        timestampField = parsed.optionalString("timestamp")
        compression = try parsed.string("compression")
        servers = CommonOptions.bootstrapServers(parsed)
    }

    func run() throws -> Int32 {
        let reader = try InputRecordReader(path: path, keyField: keyField, timestampField: timestampField)
        var configuration = KafkaProducerConfiguration(bootstrapServers: servers)
        configuration.compression = .init(description: compression)
        configuration.deliveryTimeout = .seconds(30)
        let producer = try KafkaProducer(configuration: configuration)
        let partitions = try producer.partitionCount(of: topic, timeout: .seconds(15))
        var loader = TopicLoader(producer: producer, topic: topic, partitionCount: Int32(partitions))
        while let record = try reader.next() {
            try loader.send(record)
        }
        let elapsed = try loader.finish()
        try producer.close()
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        StandardError.write(
            "loaded \(loader.sent) records into \(topic) in \(String(format: "%.2f", seconds)) s"
        )
        return 0
    }
}
