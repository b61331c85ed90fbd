/// A registered metric family: its name, help, type, label names and one series per label-value combination.
struct MetricFamily {
    /// One series of a family.
    enum Series {
        case counter(Counter)
        case gauge(Gauge)
        case histogram(Histogram)
        /// A value a collector returned for this scrape only.
        case collected(Double)
    }

    let name: String
    let help: String
    let type: MetricType
    /// Sorted, so the order a caller passes labels in does not matter.
    let labelNames: [String]
    /// The bounds every histogram series of the family shares; empty for other types.
    let bucketBounds: [Double]
    /// Keyed by label values in the order of ``labelNames``.
    var series: [[String]: Series] = [:]
}
