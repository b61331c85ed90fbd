import Testing

@testable import Sluice

@Suite("Metrics registry")
struct MetricsRegistryTests {
    @Test("the same name and labels give the same instance, in any label order")
    func identity() {
        let registry = MetricsRegistry()
        let first = registry.counter("records_total", help: "h", labels: [("topic", "a"), ("partition", "0")])
        let again = registry.counter("records_total", help: "other", labels: [("partition", "0"), ("topic", "a")])
        let other = registry.counter("records_total", help: "h", labels: [("topic", "b"), ("partition", "0")])
        #expect(first === again)
        #expect(first !== other)
        #expect(registry.gauge("g", help: "h") === registry.gauge("g", help: "h"))
        #expect(registry.histogram("h_seconds", help: "h") === registry.histogram("h_seconds", help: "h"))
    }

    @Test("counters and gauges count, also from many threads")
    func counting() async {
        let registry = MetricsRegistry()
        let counter = registry.counter("c_total", help: "h")
        let gauge = registry.gauge("g", help: "h")
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<4 {
                group.addTask {
                    for _ in 0..<10_000 {
                        counter.increment()
                        gauge.increment(by: 0.5)
                        gauge.decrement()
                    }
                }
            }
        }
        #expect(counter.value == 40_000)
        #expect(gauge.value == -20_000)
        counter.increment(by: 5)
        gauge.set(2.5)
        #expect(counter.value == 40_005)
        #expect(gauge.value == 2.5)
    }

    @Test("histogram buckets are cumulative, inclusive of their upper bound, with sum and count")
    func histogramBuckets() {
        let registry = MetricsRegistry()
        let histogram = registry.histogram("latency_seconds", help: "h", buckets: [0.1, 1, 10])
        for value in [0.05, 0.1, 0.5, 1, 2, 20, .nan] {
            histogram.observe(value)
        }
        histogram.observe(Duration.milliseconds(250))
        #expect(histogram.cumulativeCounts == [2, 5, 6, 7])
        #expect(histogram.count == 7)
        #expect(abs(histogram.sum - 23.9) < 1e-9)
        #expect(Histogram.exponentialBuckets(start: 0.001, factor: 10, count: 3) == [0.001, 0.01, 0.1].map { $0 })
        #expect(Histogram.latencyBuckets.first == 0.0005 && Histogram.latencyBuckets.last == 10)
    }

    @Test("the text format matches a golden string: sorted families, one HELP and TYPE each, escaped values")
    func golden() {
        let registry = MetricsRegistry()
        registry.gauge("sluice_assigned_partitions", help: "Partitions assigned.").set(3)
        registry.counter("sluice_records_consumed_total", help: "Records consumed.", labels: [("topic", "b")])
            .increment(by: 2)
        registry.counter("sluice_records_consumed_total", help: "Records consumed.", labels: [("topic", "a")])
            .increment()
        registry.counter("sluice_odd_total", help: "Help with \\ and\nnewline.", labels: [("v", "q\"b\\n\nx")])
            .increment()
        let histogram = registry.histogram(
            "sluice_commit_latency_seconds",
            help: "Commit latency.",
            labels: [("thread", "1")],
            buckets: [0.01, 0.1]
        )
        histogram.observe(0.005)
        histogram.observe(0.05)
        histogram.observe(0.5)
        registry.registerCollector {
            [
                MetricSample(name: "sluice_consumer_lag_records", help: "Lag.", labels: [("partition", "1")], value: 7),
                MetricSample(
                    name: "sluice_consumer_lag_records",
                    help: "Lag.",
                    labels: [("partition", "0")],
                    value: 0.5
                ),
                MetricSample(name: "sluice_assigned_partitions", help: "x", type: .counter, value: 1),
                MetricSample(name: "bad name", help: "x", value: 1),
            ]
        }

        #expect(
            registry.prometheusText() == """
                # HELP sluice_assigned_partitions Partitions assigned.
                # TYPE sluice_assigned_partitions gauge
                sluice_assigned_partitions 3
                # HELP sluice_commit_latency_seconds Commit latency.
                # TYPE sluice_commit_latency_seconds histogram
                sluice_commit_latency_seconds_bucket{thread="1",le="0.01"} 1
                sluice_commit_latency_seconds_bucket{thread="1",le="0.1"} 2
                sluice_commit_latency_seconds_bucket{thread="1",le="+Inf"} 3
                sluice_commit_latency_seconds_sum{thread="1"} 0.555
                sluice_commit_latency_seconds_count{thread="1"} 3
                # HELP sluice_consumer_lag_records Lag.
                # TYPE sluice_consumer_lag_records gauge
                sluice_consumer_lag_records{partition="0"} 0.5
                sluice_consumer_lag_records{partition="1"} 7
                # HELP sluice_odd_total Help with \\\\ and\\nnewline.
                # TYPE sluice_odd_total counter
                sluice_odd_total{v="q\\"b\\\\n\\nx"} 1
                # HELP sluice_records_consumed_total Records consumed.
                # TYPE sluice_records_consumed_total counter
                sluice_records_consumed_total{topic="a"} 1
                sluice_records_consumed_total{topic="b"} 2

                """
        )
    }

    @Test("values print as Prometheus parses them")
    func valueFormat() {
        #expect(PrometheusTextWriter.format(3) == "3")
        #expect(PrometheusTextWriter.format(-0.25) == "-0.25")
        #expect(PrometheusTextWriter.format(1e20) == "1e+20")
        #expect(PrometheusTextWriter.format(.nan) == "NaN")
        #expect(PrometheusTextWriter.format(.infinity) == "+Inf")
        #expect(PrometheusTextWriter.format(-.infinity) == "-Inf")
    }

    @Test("names are checked against the Prometheus grammar")
    func names() {
        #expect(MetricName.isValidMetricName("sluice:records_total"))
        #expect(MetricName.isValidMetricName("_x9"))
        #expect(!MetricName.isValidMetricName("9x"))
        #expect(!MetricName.isValidMetricName("a-b"))
        #expect(!MetricName.isValidMetricName(""))
        #expect(MetricName.isValidLabelName("topic_1"))
        #expect(!MetricName.isValidLabelName("a:b"))
        #expect(!MetricName.isValidLabelName("__reserved"))
    }

    @Test("a removed series disappears and flat samples mirror the text")
    func removeAndSamples() {
        let registry = MetricsRegistry()
        registry.gauge("lag", help: "h", labels: [("partition", "0")]).set(1)
        registry.gauge("lag", help: "h", labels: [("partition", "1")]).set(2)
        registry.removeSeries("lag", labels: [("partition", "0")])
        let samples = registry.samples()
        #expect(samples.map(\.name) == ["lag"])
        #expect(samples.first?.value == 2)
        #expect(samples.first?.labels.first?.1 == "1")

        registry.removeSeries("lag", labels: [("partition", "1")])
        #expect(registry.prometheusText() == "")
    }
}
