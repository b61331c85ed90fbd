import Foundation
import Sluice
import SluiceBroker
import SluiceKafka
import Synchronization

/// The lane benchmark (`--lanes`): one input partition whose every record waits 5 ms in the operator (simulated
/// I/O), processed exactly-once without lanes, with 1 lane and with 8 lanes.
///
/// Each run has its own project broker in process, loads the input, then runs a bounded `StreamsApplication`
/// (commit interval 100 ms) and times it two ways: **processing rec/s** counts from the first call of the
/// operator's closure to the end of its last (start-up and the last commit excluded), **total rec/s** the whole
/// run including the group join. A read_committed reader then checks every key's values came out in order, each
/// exactly once.
struct LaneBench {
    /// How long each record waits in the operator.
    static let delay: Duration = .milliseconds(5)
    /// Distinct keys.
    static let keys = 200

    /// The parsed command line.
    var options: BenchOptions

    /// Records per run.
    var records: Int { options.quick ? 600 : 2_000 }

    /// Runs without lanes, with 1 and with 8, prints a table, and returns the process exit status (1 when any
    /// run's output broke a key's order).
    func run() throws -> Int32 {
        var lines = [
            "| operator | records | processing s | processing rec/s | total s | total rec/s | speed-up "
                + "| keys in order |",
            "|---|---:|---:|---:|---:|---:|---:|---|",
        ]
        var baseline: Double?
        var allInOrder = true
        for lanes in [0, 1, 8] {
            let result = try measure(lanes: lanes)
            let rate = Double(records) / result.processing
            baseline = baseline ?? rate
            allInOrder = allInOrder && result.inOrder
            let name = lanes == 0 ? "mapValues" : "mapValues(lanes: \(lanes))"
            let line =
                "| \(name) | \(records) | \(format(result.processing)) | \(Int(rate)) | \(format(result.total)) | "
                + "\(Int(Double(records) / result.total)) | \(format(rate / (baseline ?? rate)))x | "
                + "\(result.inOrder ? "yes" : "NO") |"
            progress("lanes: " + line)
            lines.append(line)
        }
        print(lines.joined(separator: "\n"))
        return allInOrder ? 0 : 1
    }

    private struct Result {
        var processing: Double
        var total: Double
        var inOrder: Bool
    }

    private func measure(lanes: Int) throws -> Result {
        let broker = Broker(configuration: BrokerConfiguration(port: 0))
        try broker.start()
        defer { broker.stop() }
        try broker.createTopic("lane-bench-in", partitions: 1)
        try broker.createTopic("lane-bench-out", partitions: 1)
        let expected = try load(bootstrap: broker.bootstrapServers)

        let span = Mutex<(first: ContinuousClock.Instant?, last: ContinuousClock.Instant?)>((nil, nil))
        let lookup: @Sendable (String) -> String = { value in
            let started = ContinuousClock.now
            span.withLock { if $0.first == nil { $0.first = started } }
            Thread.sleep(forTimeInterval: Self.delay.totalSeconds)
            let ended = ContinuousClock.now
            span.withLock { $0.last = max($0.last ?? ended, ended) }
            return value
        }
        let builder = TopologyBuilder()
        let source = builder.source("lane-bench-in", key: .string, value: .string)
        let looked = lanes == 0 ? source.mapValues(lookup) : source.mapValues(lanes: lanes, lookup)
        looked.to("lane-bench-out", key: .string, value: .string)
        var configuration = ApplicationConfiguration(
            applicationID: "lane-bench",
            bootstrapServers: [broker.bootstrapServers]
        )
        configuration.commitInterval = Duration.milliseconds(100)
        let started = ContinuousClock.now
        _ = try StreamsApplication(
            topology: try builder.build(),
            configuration: configuration,
            logger: Logger(label: "lane-bench", handler: JSONLinesLogHandler())
        ).run(stopAtEndOfInput: true)
        let total = (ContinuousClock.now - started).totalSeconds
        let (first, last) = span.withLock { ($0.first, $0.last) }
        let processing = first.flatMap { first in last.map { ($0 - first).totalSeconds } } ?? total
        let output = try readCommitted(bootstrap: broker.bootstrapServers)
        return Result(processing: processing, total: total, inOrder: output == expected)
    }

    /// Loads the input, `key-N` with per-key sequence numbers as values; returns each key's values in order.
    private func load(bootstrap: String) throws -> [String: [String]] {
        let producer = try KafkaProducer(configuration: KafkaProducerConfiguration(bootstrapServers: [bootstrap]))
        var expected: [String: [String]] = [:]
        for index in 0..<records {
            let key = "key-\((index * 37 + index / 7) % Self.keys)"
            let value = String(expected[key, default: []].count)
            expected[key, default: []].append(value)
            try producer.send(
                KafkaProducerRecord(topic: "lane-bench-in", key: Array(key.utf8), value: Array(value.utf8))
            )
        }
        try producer.close()
        return expected
    }

    /// Every committed output value per key, in the order read.
    private func readCommitted(bootstrap: String) throws -> [String: [String]] {
        let consumer = try KafkaConsumer(
            configuration: KafkaConsumerConfiguration(bootstrapServers: [bootstrap], groupID: nil)
        )
        defer { try? consumer.close() }
        let partition = TopicPartition(topic: "lane-bench-out", partition: 0)
        let end = try consumer.watermarks(topic: partition.topic, partition: 0).high
        try consumer.assign([partition: KafkaOffset.beginning])
        var seen: [String: [String]] = [:]
        let deadline = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < deadline, (try consumer.position([partition])[partition] ?? -1) < end {
            for record in try consumer.poll(maxRecords: 1_000, timeout: .milliseconds(100)).records {
                let key = String(decoding: record.key ?? [], as: UTF8.self)
                seen[key, default: []].append(String(decoding: record.value ?? [], as: UTF8.self))
            }
        }
        return seen
    }

    private func format(_ value: Double) -> String {
        String(format: "%.2f", value)
    }

    private func progress(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}
