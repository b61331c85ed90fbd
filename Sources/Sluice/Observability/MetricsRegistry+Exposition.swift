// MARK: - Prometheus text exposition

extension MetricsRegistry {
    /// The content type of ``prometheusText()``.
    public static let prometheusContentType = "text/plain; version=0.0.4; charset=utf-8"

    /// Renders every metric and every collected sample in the Prometheus text exposition format 0.0.4.
    ///
    /// Families are sorted by name and series by label values, each family with one `# HELP` and one `# TYPE`
    /// line, so the output is stable for tests and diffs.
    ///
    /// - Returns: The exposition text, ending with a newline when not empty.
    public func prometheusText() -> String {
        var families = snapshot()
        Self.merge(collected: runCollectors(), into: &families)

        var writer = PrometheusTextWriter()
        for family in families.values.sorted(by: { $0.name < $1.name }) {
            writer.family(name: family.name, help: family.help, type: family.type)
            for (labelValues, series) in family.series.sorted(by: { $0.key.lexicographicallyPrecedes($1.key) }) {
                let labels = Array(zip(family.labelNames, labelValues))
                switch series {
                case .counter(let counter):
                    writer.sample(name: family.name, labels: labels, value: String(counter.value))
                case .gauge(let gauge):
                    writer.sample(name: family.name, labels: labels, value: PrometheusTextWriter.format(gauge.value))
                case .histogram(let histogram):
                    // Read the buckets once so _count always equals the +Inf bucket.
                    let cumulative = histogram.cumulativeCounts
                    let bounds = histogram.upperBounds.map(PrometheusTextWriter.format) + ["+Inf"]
                    for (bound, count) in zip(bounds, cumulative) {
                        writer.sample(
                            name: family.name + "_bucket",
                            labels: labels + [("le", bound)],
                            value: String(count)
                        )
                    }
                    writer.sample(
                        name: family.name + "_sum",
                        labels: labels,
                        value: PrometheusTextWriter.format(histogram.sum)
                    )
                    writer.sample(name: family.name + "_count", labels: labels, value: String(cumulative.last ?? 0))
                case .collected(let value):
                    writer.sample(name: family.name, labels: labels, value: PrometheusTextWriter.format(value))
                }
            }
        }
        return writer.text
    }

    /// Every recorded and collected value as flat samples (histograms as `_bucket`, `_sum` and `_count`), for
    /// tests and for exporters other than Prometheus text.
    ///
    /// - Returns: The samples, in the same order as ``prometheusText()``.
    public func samples() -> [MetricSample] {
        var families = snapshot()
        Self.merge(collected: runCollectors(), into: &families)

        var result: [MetricSample] = []
        for family in families.values.sorted(by: { $0.name < $1.name }) {
            for (labelValues, series) in family.series.sorted(by: { $0.key.lexicographicallyPrecedes($1.key) }) {
                let labels = Array(zip(family.labelNames, labelValues))
                func add(_ suffix: String, _ extra: [(String, String)], _ value: Double) {
                    result.append(
                        MetricSample(
                            name: family.name + suffix,
                            help: family.help,
                            type: family.type,
                            labels: labels + extra,
                            value: value
                        )
                    )
                }
                switch series {
                case .counter(let counter):
                    add("", [], Double(counter.value))
                case .gauge(let gauge):
                    add("", [], gauge.value)
                case .histogram(let histogram):
                    let cumulative = histogram.cumulativeCounts
                    let bounds = histogram.upperBounds.map(PrometheusTextWriter.format) + ["+Inf"]
                    for (bound, count) in zip(bounds, cumulative) {
                        add("_bucket", [("le", bound)], Double(count))
                    }
                    add("_sum", [], histogram.sum)
                    add("_count", [], Double(cumulative.last ?? 0))
                case .collected(let value):
                    add("", [], value)
                }
            }
        }
        return result
    }

    /// Adds collected samples to the registered families, dropping those that would make the output invalid.
    private static func merge(collected: [MetricSample], into families: inout [String: MetricFamily]) {
        for sample in collected {
            guard sample.type != .histogram,
                MetricName.isValidMetricName(sample.name),
                sample.labels.allSatisfy({ MetricName.isValidLabelName($0.0) })
            else { continue }

            let sorted = sample.labels.sorted { $0.0 < $1.0 }
            let labelNames = sorted.map(\.0)
            guard Set(labelNames).count == labelNames.count else { continue }

            var family =
                families[sample.name]
                ?? MetricFamily(
                    name: sample.name,
                    help: sample.help,
                    type: sample.type,
                    labelNames: labelNames,
                    bucketBounds: []
                )
            guard family.type == sample.type, family.labelNames == labelNames,
                family.series[sorted.map(\.1)] == nil
            else { continue }
            family.series[sorted.map(\.1)] = .collected(sample.value)
            families[sample.name] = family
        }
    }

    private func runCollectors() -> [MetricSample] {
        collectorsSnapshot().flatMap { $0() }
    }
}
