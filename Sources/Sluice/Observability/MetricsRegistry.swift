import Synchronization

/// Holds an application's counters, gauges and histograms and renders them as Prometheus text.
///
/// Create one registry per application and hand it to the parts that record metrics; nothing in Sluice uses a
/// global one. Register each metric once, keep the returned instance, and update it on the hot path: updates
/// are atomic and take no lock. Only registration and ``prometheusText()`` lock the registry.
///
/// Asking again for the same name and label values returns the same instance. Label order does not matter.
///
/// - Important: Label values must come from a small, fixed set (topic, partition, store), never from record
///   keys, offsets or request ids: every combination stays in memory for the life of the registry. Name
///   counters with a `_total` suffix and use base units (`_seconds`, `_bytes`), as `promtool check metrics`
///   expects.
public final class MetricsRegistry: Sendable {
    private struct State {
        var families: [String: MetricFamily] = [:]
        var collectors: [@Sendable () -> [MetricSample]] = []
    }

    private let state = Mutex(State())

    /// Creates an empty registry.
    public init() {}

    /// Returns the counter with this name and labels, creating it on first use.
    ///
    /// - Parameters:
    ///   - name: The family name, matching `[a-zA-Z_:][a-zA-Z0-9_:]*`, such as `"sluice_records_consumed_total"`.
    ///   - help: What the counter counts; the first registration's text is kept.
    ///   - labels: Label names and values, such as `[("topic", "arrivals")]`. Default: none.
    /// - Returns: The counter.
    /// - Important: A name already registered as another type or with other label names stops the process: it
    ///   is a programming error.
    public func counter(_ name: String, help: String, labels: [(String, String)] = []) -> Counter {
        let series = register(name, help: help, type: .counter, labels: labels, bucketBounds: []) {
            .counter(Counter())
        }
        guard case .counter(let counter) = series else { preconditionFailure("unreachable: \(name) is a counter") }
        return counter
    }

    /// Returns the gauge with this name and labels, creating it on first use.
    ///
    /// - Parameters:
    ///   - name: The family name, such as `"sluice_assigned_partitions"`.
    ///   - help: What the gauge measures; the first registration's text is kept.
    ///   - labels: Label names and values. Default: none.
    /// - Returns: The gauge.
    /// - Important: A name already registered as another type or with other label names stops the process.
    public func gauge(_ name: String, help: String, labels: [(String, String)] = []) -> Gauge {
        let series = register(name, help: help, type: .gauge, labels: labels, bucketBounds: []) {
            .gauge(Gauge())
        }
        guard case .gauge(let gauge) = series else { preconditionFailure("unreachable: \(name) is a gauge") }
        return gauge
    }

    /// Returns the histogram with this name and labels, creating it on first use.
    ///
    /// - Parameters:
    ///   - name: The family name, such as `"sluice_processing_latency_seconds"`.
    ///   - help: What the histogram observes; the first registration's text is kept.
    ///   - labels: Label names and values; `le` is reserved. Default: none.
    ///   - buckets: Finite, strictly ascending upper bounds; `+Inf` is implicit. Default:
    ///     ``Histogram/latencyBuckets``.
    /// - Returns: The histogram.
    /// - Important: A name already registered as another type, with other label names or with other buckets
    ///   stops the process.
    public func histogram(
        _ name: String,
        help: String,
        labels: [(String, String)] = [],
        buckets: [Double] = Histogram.latencyBuckets
    ) -> Histogram {
        precondition(
            !labels.contains { $0.0 == "le" },
            "Metric \(name): the label name \"le\" is reserved for histogram buckets"
        )
        let series = register(name, help: help, type: .histogram, labels: labels, bucketBounds: buckets) {
            .histogram(Histogram(upperBounds: buckets))
        }
        guard case .histogram(let histogram) = series else {
            preconditionFailure("unreachable: \(name) is a histogram")
        }
        return histogram
    }

    /// Adds a function called at every scrape for values that are computed rather than recorded, such as
    /// consumer lag per partition.
    ///
    /// A collector runs on the scraping thread, outside the registry's lock, so it may read other locked
    /// state; it should be quick. Samples with an invalid name or label, a name registered as another type,
    /// or a label set already present in their family are left out of the output.
    ///
    /// - Parameter collect: Returns the current samples.
    public func registerCollector(_ collect: @escaping @Sendable () -> [MetricSample]) {
        state.withLock { $0.collectors.append(collect) }
    }

    /// Removes one series, such as the gauges of a partition no longer assigned. Does nothing when absent.
    ///
    /// - Parameters:
    ///   - name: The family name.
    ///   - labels: The series' label names and values.
    public func removeSeries(_ name: String, labels: [(String, String)] = []) {
        let sorted = labels.sorted { $0.0 < $1.0 }
        state.withLock { state in
            guard state.families[name]?.labelNames == sorted.map(\.0) else { return }
            state.families[name]?.series[sorted.map(\.1)] = nil
            if state.families[name]?.series.isEmpty == true {
                state.families[name] = nil
            }
        }
    }

    /// A copy of the registered families; the series inside are shared references, read without the lock.
    func snapshot() -> [String: MetricFamily] {
        state.withLock { $0.families }
    }

    /// The registered collectors, to be called outside the lock.
    func collectorsSnapshot() -> [@Sendable () -> [MetricSample]] {
        state.withLock { $0.collectors }
    }

    private func register(
        _ name: String,
        help: String,
        type: MetricType,
        labels: [(String, String)],
        bucketBounds: [Double],
        make: () -> MetricFamily.Series
    ) -> MetricFamily.Series {
        precondition(MetricName.isValidMetricName(name), "Invalid Prometheus metric name: \"\(name)\"")
        for (labelName, _) in labels {
            precondition(
                MetricName.isValidLabelName(labelName),
                "Metric \(name): invalid Prometheus label name \"\(labelName)\""
            )
        }
        let sorted = labels.sorted { $0.0 < $1.0 }
        let labelNames = sorted.map(\.0)
        precondition(Set(labelNames).count == labelNames.count, "Metric \(name): duplicate label names \(labelNames)")
        let labelValues = sorted.map(\.1)

        return state.withLock { state in
            var family =
                state.families[name]
                ?? MetricFamily(name: name, help: help, type: type, labelNames: labelNames, bucketBounds: bucketBounds)
            precondition(
                family.type == type,
                "Metric \(name) is registered as a \(family.type.rawValue), requested as a \(type.rawValue)"
            )
            precondition(
                family.labelNames == labelNames,
                "Metric \(name) is registered with labels \(family.labelNames), requested with \(labelNames)"
            )
            precondition(
                family.bucketBounds == bucketBounds,
                "Metric \(name) is registered with buckets \(family.bucketBounds), requested with \(bucketBounds)"
            )
            if let existing = family.series[labelValues] {
                return existing
            }
            let created = make()
            family.series[labelValues] = created
            state.families[name] = family
            return created
        }
    }
}
