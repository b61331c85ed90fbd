/// The kind of a metric family, as written in its Prometheus `# TYPE` line.
public enum MetricType: String, Sendable, Hashable {
    /// A value that only goes up.
    case counter
    /// A value that goes up and down.
    case gauge
    /// Bucketed observations.
    case histogram
}
