import Foundation
import SluiceKafka

/// Loads the nycflights13 `weather` table (CSV, plain, `.gz` or `.zip`) into a topic, in file order, for the
/// flights job to join on.
///
/// Each row becomes one record: the key is `ORIGIN|time_hour` (such as `EWR|2013-01-01T06:00:00Z`, the key
/// `WeatherObservation.key(origin:timeHour:)` builds), the value the row as a JSON object of strings, as the
/// flights are loaded, and the timestamp `time_hour` in epoch milliseconds.
///
/// - Important: Rows are sent in file order, not sorted by time. A key that occurs twice lands in the same
///   partition both times, so a consumer keeping the latest value per key ends with the row that comes last in
///   the file.
public struct WeatherLoader {
    /// The fields the record key is made of, joined by `|`.
    public static let keyFields = ["origin", "time_hour"]

    /// The field the record timestamp comes from.
    public static let timestampField = "time_hour"

    /// The weather file.
    public let path: String

    /// The topic to load into.
    public let topic: String

    /// The topic's partition count; rows with a null key (none in the real data) are spread over it by row.
    public let partitionCount: Int32

    /// Creates a loader.
    ///
    /// - Parameters:
    ///   - path: The weather file: CSV, plain, `.gz` or `.zip`.
    ///   - topic: The topic to load into; it must exist.
    ///   - partitionCount: The topic's partition count.
    public init(path: String, topic: String, partitionCount: Int32) {
        self.path = path
        self.topic = topic
        self.partitionCount = partitionCount
    }

    /// Reads the whole file into records, in file order, without sending them.
    ///
    /// - Returns: One record per row.
    /// - Throws: ``InputError`` when the file cannot be read, lacks `origin` or `time_hour`, or a row's
    ///   `time_hour` is not a timestamp.
    public func records() throws -> [InputRecord] {
        let file = try InputFile(path: path)
        let reader = try CSVReader(source: file.source)
        let builder = try CSVRecordBuilder(
            header: reader.header,
            keyFields: Self.keyFields,
            timestampField: Self.timestampField
        )
        var records: [InputRecord] = []
        while let row = try reader.next() {
            records.append(try builder.record(from: row))
        }
        return records
    }

    /// Reads the file and sends every row to ``topic``, waiting until all are acknowledged.
    ///
    /// - Parameters:
    ///   - servers: The bootstrap servers.
    ///   - progress: Print a line on stderr at the start and every 50,000 rows of a long load.
    /// - Returns: The rows sent and how long sending took.
    /// - Throws: ``InputError`` for an unreadable file or row (before anything is sent), ``KafkaError`` when the
    ///   producer cannot be created or a record is not delivered.
    public func load(into servers: [String], progress: Bool) throws -> (rows: Int, elapsed: Duration) {
        if progress {
            StandardError.write("loading \(path) into \(topic) in file order…")
        }
        let records = try records()

        var configuration = KafkaProducerConfiguration(bootstrapServers: servers)
        configuration.compression = .zstd
        configuration.linger = .milliseconds(20)
        let producer = try KafkaProducer(configuration: configuration)
        var loader = TopicLoader(
            producer: producer,
            topic: topic,
            partitionCount: partitionCount,
            reportsProgress: progress
        )
        for record in records {
            try loader.send(record)
        }
        let elapsed = try loader.finish()
        try producer.close()
        return (loader.sent, elapsed)
    }
}
