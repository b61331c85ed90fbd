import Foundation
import Testing

@testable import Sluice

/// Checks the exposition text with Prometheus' own linter when `promtool` is available; else the suite is
/// skipped.
@Suite("promtool check metrics", .enabled(if: Promtool.path != nil, "promtool not found"))
struct PromtoolTests {
    private func check(_ text: String) throws -> (status: Int32, output: String) {
        try Promtool.check(text)
    }

    @Test("a registry with every metric type, escaped labels and collected samples passes promtool")
    func passes() throws {
        let registry = MetricsRegistry()
        registry.counter("sluice_records_consumed_total", help: "Records consumed.", labels: [("topic", "a\"b\\c\nd")])
            .increment(by: 3)
        registry.gauge("sluice_assigned_partitions", help: "Partitions assigned to this instance.").set(4)
        let latency = registry.histogram(
            "sluice_processing_latency_seconds",
            help: "Time to process one record.",
            labels: [("topic", "arrivals")]
        )
        for value in [0.0001, 0.003, 0.2, 42] {
            latency.observe(value)
        }
        registry.gauge("sluice_store_size_bytes", help: "Bytes in a store.\nSecond line with \\.").set(.nan)
        registry.registerCollector {
            (0..<3).map {
                MetricSample(
                    name: "sluice_consumer_lag_records",
                    help: "Records between the position and the end offset.",
                    labels: [("topic", "arrivals"), ("partition", String($0))],
                    value: Double($0 * 10)
                )
            }
        }

        let (status, output) = try check(registry.prometheusText())
        #expect(status == 0, "promtool said: \(output)")
        #expect(output.isEmpty, "promtool said: \(output)")
    }

    @Test("promtool does flag a counter without _total, so the check above is not vacuous")
    func flags() throws {
        let registry = MetricsRegistry()
        registry.counter("sluice_records", help: "Records.").increment()
        let (status, output) = try check(registry.prometheusText())
        #expect(status != 0)
        #expect(output.contains("_total"))
    }
}
