import Foundation
import Sluice
import SluiceBroker
import SluiceKafka
import SluiceTesting
import Testing

@Suite("Trace propagation, sampling and OTLP export", .serialized)
struct TracingTests {
    @Test("traced inputs continue their trace, others are sampled, and every span reaches the OTLP receiver")
    func spans() throws {
        let receiver = try LoopbackSpanReceiver()
        defer { receiver.stop() }
        let broker = Broker(configuration: BrokerConfiguration(port: 0))
        try broker.start()
        defer { broker.stop() }
        try broker.createTopic("traced-in", partitions: 1)
        try broker.createTopic("traced-out", partitions: 1)

        let parent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"
        let producer = try KafkaProducer(configuration: KafkaTestProfile.producer(bootstrap: broker.bootstrapServers))
        for index in 0..<10 {
            let headers = index < 5 ? [KafkaHeader(key: "traceparent", string: parent)] : []
            try producer.send(
                KafkaProducerRecord(topic: "traced-in", partition: 0, key: nil, value: [UInt8(index)], headers: headers)
            )
        }
        try producer.close()

        let builder = TopologyBuilder()
        builder.source("traced-in", key: .optional(.bytes), value: .bytes).to(
            "traced-out",
            key: .optional(.bytes),
            value: .bytes
        )
        var configuration = ApplicationConfiguration(
            applicationID: "traced",
            bootstrapServers: [broker.bootstrapServers]
        )
        configuration.sessionTimeout = .seconds(6)
        configuration.heartbeatInterval = .milliseconds(500)
        configuration.tracing.samplingRate = 1
        configuration.tracing.exportEndpoint = "http://127.0.0.1:\(receiver.port)/v1/traces"
        configuration.tracing.exportInterval = .milliseconds(100)
        let metrics = MetricsRegistry()
        try StreamsApplication(topology: try builder.build(), configuration: configuration, metrics: metrics)
            .run(stopAtEndOfInput: true)

        let spans = receiver.spans
        #expect(spans.count == 10)
        let continued = spans.filter { ($0["traceId"] as? String) == "4bf92f3577b34da6a3ce929d0e0e4736" }
        #expect(continued.count == 5)
        #expect(continued.allSatisfy { ($0["parentSpanId"] as? String) == "00f067aa0ba902b7" })
        #expect(spans.filter { $0["parentSpanId"] == nil }.count == 5)

        // Each output's traceparent names the span that processed its input.
        let consumer = try KafkaConsumer(
            configuration: KafkaTestProfile.consumer(bootstrap: broker.bootstrapServers, groupID: nil)
        )
        defer { try? consumer.close() }
        try consumer.assign([TopicPartition(topic: "traced-out", partition: 0): KafkaOffset.beginning])
        let outputs = try KafkaTestProfile.drain(consumer) { $0.count >= 10 }
        let spanIDs = Set(spans.compactMap { $0["spanId"] as? String })
        for output in outputs {
            let header = try #require(output.header("traceparent")?.stringValue)
            let parts = header.split(separator: "-")
            #expect(parts.count == 4)
            #expect(spanIDs.contains(String(parts[2])))
        }
        #expect(outputs.count == 10)
    }
}
