import FlightDelays
import Foundation
import SluiceBroker
import SluiceKafka

/// The crash test of the stateful stage: the outputs of the run with kills against those of an uninterrupted run
/// of the same input on a fresh broker.
///
/// Hourly windows are compared window by window (each must be emitted exactly once, with the same value);
/// the two tables by their final value per key.
struct StatefulAudit: CustomStringConvertible {
    /// Hourly windows in the run with kills.
    var windows = 0
    /// Hourly windows in the uninterrupted run.
    var referenceWindows = 0
    /// Windows emitted more than once.
    var duplicateWindows = 0
    /// Windows, carriers or origins whose values differ or that only one run has.
    var differences = 0
    /// The first few differences.
    var examples: [String] = []

    var isClean: Bool { duplicateWindows == 0 && differences == 0 && windows == referenceWindows }

    var description: String {
        ([
            "hourly windows: \(windows)",
            "reference hourly windows: \(referenceWindows)",
            "duplicate windows: \(duplicateWindows)",
            "stateful differences: \(differences)",
        ] + examples.map { "  \($0)" }).joined(separator: "\n")
    }

    /// Copies the inputs of the run with kills to a fresh broker, runs the job there without interruption, and
    /// compares the stateful outputs.
    static func audit(chaosServers: [String], inputTopics: [(String, Int)]) throws -> StatefulAudit {
        let broker = Broker(configuration: BrokerConfiguration(port: 0))
        try broker.start()
        defer { broker.stop() }
        let referenceServers = [broker.bootstrapServers]
        try copyInputs(inputTopics, from: chaosServers, to: referenceServers, broker: broker)

        var options = FlightDelaysJob.Options(bootstrapServers: referenceServers, dataPath: "unused")
        options.loadsData = false
        options.printsProgress = false
        _ = try FlightDelaysJob(options: options).run()

        var audit = StatefulAudit()
        let hourly = try windows(servers: chaosServers, duplicates: &audit.duplicateWindows)
        var ignored = 0
        let reference = try windows(servers: referenceServers, duplicates: &ignored)
        audit.windows = hourly.count
        audit.referenceWindows = reference.count
        audit.compare(hourly, reference, what: "window")
        for topic in [FlightDelaysTopology.carrierTopic, FlightDelaysTopology.lowVisibilityTopic] {
            audit.compare(
                try finalValues(topic, servers: chaosServers),
                try finalValues(topic, servers: referenceServers),
                what: topic
            )
        }
        return audit
    }

    private mutating func compare(_ actual: [String: String], _ expected: [String: String], what: String) {
        for key in Set(actual.keys).union(expected.keys).sorted() where actual[key] != expected[key] {
            differences += 1
            if examples.count < 5 {
                examples.append(
                    "\(what) \(key): \(actual[key] ?? "missing"), uninterrupted \(expected[key] ?? "missing")"
                )
            }
        }
    }

    private static func copyInputs(
        _ topics: [(String, Int)],
        from source: [String],
        to target: [String],
        broker: Broker
    ) throws {
        let ends = try EndOffsets(bootstrapServers: source).snapshot(topics)
        let producer = try KafkaProducer(configuration: KafkaProducerConfiguration(bootstrapServers: target))
        defer { try? producer.close() }
        for (name, partitions) in topics {
            try broker.createTopic(name, partitions: partitions)
        }
        for record in try TopicReader(bootstrapServers: source).read(from: [:], to: ends) {
            try producer.send(
                KafkaProducerRecord(
                    topic: record.topic,
                    partition: record.partition,
                    key: record.key,
                    value: record.value,
                    timestamp: record.timestamp,
                    headers: record.headers
                )
            )
        }
        try producer.flush()
    }

    private static func records(_ topic: String, servers: [String]) throws -> [KafkaRecord] {
        let partitions = FlightDelaysTopology.statefulOutputPartitions
        let ends = try EndOffsets(bootstrapServers: servers).snapshot([(topic, partitions)])
        return try TopicReader(bootstrapServers: servers).read(from: [:], to: ends)
            .sorted { ($0.partition, $0.offset) < ($1.partition, $1.offset) }
    }

    private static func windows(servers: [String], duplicates: inout Int) throws -> [String: String] {
        var windows: [String: String] = [:]
        for record in try records(FlightDelaysTopology.hourlyTopic, servers: servers) {
            let report = try JSONDecoder().decode(HourlyDelayReport.self, from: Data(record.value ?? []))
            let value = String(decoding: record.value ?? [], as: UTF8.self)
            if windows.updateValue(value, forKey: "\(report.origin)|\(report.windowStart)") != nil { duplicates += 1 }
        }
        return windows
    }

    private static func finalValues(_ topic: String, servers: [String]) throws -> [String: String] {
        var values: [String: String] = [:]
        for record in try records(topic, servers: servers) {
            values[String(decoding: record.key ?? [], as: UTF8.self)] = String(
                decoding: record.value ?? [],
                as: UTF8.self
            )
        }
        return values
    }
}
