import Sluice
import SluiceKafka
import Testing

@Suite("Task processor, as the runtime drives it")
struct TaskProcessorTests {
    /// Records what the graph sends, or refuses it.
    final class RecordingCollector: RecordCollector {
        struct Sent: Equatable {
            var topic: String
            var key: [UInt8]?
            var value: [UInt8]?
            var headers: [KafkaHeader]
            var timestamp: Int64?
            var sourcePartition: Int32
        }

        struct Refused: Error {}

        var sent: [Sent] = []
        var refuses = false

        func send(
            topic: String,
            key: [UInt8]?,
            value: [UInt8]?,
            headers: [KafkaHeader],
            timestamp: Int64?,
            sourcePartition: Int32
        ) throws {
            if refuses { throw Refused() }
            sent.append(
                Sent(
                    topic: topic,
                    key: key,
                    value: value,
                    headers: headers,
                    timestamp: timestamp,
                    sourcePartition: sourcePartition
                )
            )
        }
    }

    func topology() throws -> Topology {
        let builder = TopologyBuilder()
        builder.source("in", key: .optional(.string), value: .string)
            .mapValues { $0.uppercased() }
            .to("out", named: "write", key: .optional(.string), value: .string)
        return try builder.build()
    }

    @Test("the collector gets the source partition, timestamp, headers and a null key as nil")
    func collectorArguments() throws {
        let collector = RecordingCollector()
        let processor = try topology().makeTaskProcessor(collector: collector)
        let header = KafkaHeader(key: "trace", string: "t1")
        try processor.process(
            KafkaRecord(
                topic: "in",
                partition: 4,
                offset: 9,
                timestamp: 77,
                key: nil,
                value: Array("a".utf8),
                headers: [header]
            )
        )
        try processor.process(
            KafkaRecord(
                topic: "in",
                partition: 4,
                offset: 10,
                timestamp: nil,
                key: Array("k".utf8),
                value: Array("b".utf8)
            )
        )
        #expect(
            collector.sent == [
                .init(
                    topic: "out",
                    key: nil,
                    value: Array("A".utf8),
                    headers: [header],
                    timestamp: 77,
                    sourcePartition: 4
                ),
                .init(
                    topic: "out",
                    key: Array("k".utf8),
                    value: Array("B".utf8),
                    headers: [],
                    timestamp: nil,
                    sourcePartition: 4
                ),
            ]
        )
    }

    @Test("a collector that throws fails the record at production, naming the sink")
    func production() throws {
        let collector = RecordingCollector()
        collector.refuses = true
        let processor = try topology().makeTaskProcessor(collector: collector)
        let record = KafkaRecord(topic: "in", partition: 0, offset: 0, timestamp: nil, key: nil, value: [])
        let error = #expect(throws: ProcessingError.self) { try processor.process(record) }
        #expect(error?.stage == .production)
        #expect(error?.operatorName == "write")
        #expect(error?.underlying is RecordingCollector.Refused)
    }

    @Test("task processors made from one topology are independent")
    func independentInstances() throws {
        let topology = try topology()
        let first = RecordingCollector()
        let second = RecordingCollector()
        let one = topology.makeTaskProcessor(collector: first)
        let two = topology.makeTaskProcessor(collector: second)
        try one.process(KafkaRecord(topic: "in", partition: 0, offset: 0, timestamp: nil, key: nil, value: []))
        try two.process(KafkaRecord(topic: "in", partition: 1, offset: 0, timestamp: nil, key: nil, value: []))
        try two.process(KafkaRecord(topic: "in", partition: 1, offset: 1, timestamp: nil, key: nil, value: []))
        #expect(first.sent.count == 1)
        #expect(second.sent.map(\.sourcePartition) == [1, 1])
    }
}
