import Foundation
import Sluice
import SluiceBroker
import SluiceKafka
import SluiceTesting
import Testing

/// The runtime's metrics served over HTTP while an exactly-once application runs on the project's broker.
@Suite("Metrics endpoint of a running application", .serialized)
struct MetricsEndpointTests {
    @Test("/metrics shows the runtime's counters, histograms and lag; /readyz turns 200 once assigned")
    func scrape() throws {
        let broker = Broker(configuration: BrokerConfiguration(port: 0))
        try broker.start()
        defer { broker.stop() }
        try broker.createTopic("metered-in", partitions: 2)
        try broker.createTopic("metered-out", partitions: 2)
        let producer = try KafkaProducer(configuration: KafkaTestProfile.producer(bootstrap: broker.bootstrapServers))
        let loadedAt = String(Int64(Date().timeIntervalSince1970 * 1000))
        for index in 0..<200 {
            try producer.send(
                KafkaProducerRecord(
                    topic: "metered-in",
                    partition: Int32(index % 2),
                    key: Array("k\(index % 7)".utf8),
                    value: Array("v\(index)".utf8),
                    headers: [
                        KafkaHeader(key: "sluice.loaded_at", string: loadedAt),
                        KafkaHeader(
                            key: "traceparent",
                            string: "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"
                        ),
                    ]
                )
            )
        }
        try producer.close()

        let builder = TopologyBuilder()
        builder.source("metered-in", key: .optional(.string), value: .string)
            .mapValues { $0.uppercased() }
            .to("metered-out", key: .optional(.string), value: .string)
        var configuration = ApplicationConfiguration(
            applicationID: "metered",
            bootstrapServers: [broker.bootstrapServers]
        )
        configuration.sessionTimeout = .seconds(6)
        configuration.heartbeatInterval = .milliseconds(500)
        configuration.statisticsInterval = .milliseconds(200)
        configuration.metricsServer = MetricsServer.Configuration(port: 0)
        let registry = MetricsRegistry()
        let application = StreamsApplication(
            topology: try builder.build(),
            configuration: configuration,
            metrics: registry
        )
        let finished = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            _ = try? application.run()
            finished.signal()
        }
        defer {
            application.shutdown()
            finished.wait()
        }

        let clock = ContinuousClock()
        let deadline = clock.now + .seconds(30)
        var port: Int?
        var ready = false
        var text = ""
        while clock.now < deadline {
            port = port ?? application.boundMetricsPort
            if let port {
                ready = ready || (try? LoopbackHTTPClient.get(port: port, "/readyz"))?.status == 200
                text = (try? LoopbackHTTPClient.get(port: port, "/metrics"))?.raw ?? ""
                if ready && text.contains("sluice_records_consumed_total{topic=\"metered-in\"} 200")
                    && text.contains("sluice_consumer_lag{partition=\"0\",topic=\"metered-in\"} 0")
                    && text.contains("sluice_consumer_lag{partition=\"1\",topic=\"metered-in\"} 0")
                {
                    break
                }
            }
            Thread.sleep(forTimeInterval: 0.2)
        }
        #expect(ready)
        #expect(text.contains("sluice_records_consumed_total{topic=\"metered-in\"} 200"))
        #expect(text.contains("sluice_records_produced_total{topic=\"metered-out\"} 200"))
        #expect(text.contains("sluice_transactions_committed_total"))
        #expect(text.contains("sluice_end_to_end_latency_seconds_count 200"))
        #expect(text.contains("sluice_processing_latency_seconds_bucket"))
        #expect(text.contains("sluice_consumer_lag{partition=\"0\",topic=\"metered-in\"} 0"))
        #expect(text.contains("sluice_assigned_partitions 2"))
        #expect((try? LoopbackHTTPClient.get(port: port ?? 1, "/healthz"))?.status == 200)
        try expectPromtoolAccepts(registry.prometheusText())

        // A traced input continues its trace on the output: same trace id, a new span id.
        let consumer = try KafkaConsumer(
            configuration: KafkaTestProfile.consumer(bootstrap: broker.bootstrapServers, groupID: nil)
        )
        defer { try? consumer.close() }
        try consumer.assign([TopicPartition(topic: "metered-out", partition: 0): KafkaOffset.beginning])
        let outputs = try KafkaTestProfile.drain(consumer) { !$0.isEmpty }
        let trace = try #require(outputs.first?.header("traceparent")?.stringValue)
        #expect(trace.hasPrefix("00-0af7651916cd43dd8448eb211c80319c-"))
        #expect(!trace.contains("b7ad6b7169203331"))
        #expect(outputs.first?.header("sluice.provenance")?.stringValue?.hasPrefix("metered-in:") == true)
    }

    /// Runs `promtool check metrics` on the runtime's output when promtool is available (`make test` sets it).
    private func expectPromtoolAccepts(_ text: String) throws {
        guard Promtool.path != nil else { return }
        let (status, said) = try Promtool.check(text)
        #expect(status == 0, "promtool said: \(said)")
    }
}
