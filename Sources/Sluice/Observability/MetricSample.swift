/// One value computed at scrape time by a collector registered with
/// ``MetricsRegistry/registerCollector(_:)``, such as the lag of one partition.
public struct MetricSample: Sendable {
    /// The family name, such as `"sluice_consumer_lag_records"`.
    public var name: String

    /// The family's help text.
    public var help: String

    /// ``MetricType/counter`` or ``MetricType/gauge``; collected histograms are not supported.
    public var type: MetricType

    /// The label names and values.
    public var labels: [(String, String)]

    /// The value.
    public var value: Double

    /// Creates a sample.
    ///
    /// - Parameters:
    ///   - name: The family name.
    ///   - help: The family's help text.
    ///   - type: Counter or gauge. Default: gauge.
    ///   - labels: The label names and values. Default: none.
    ///   - value: The value.
    public init(name: String, help: String, type: MetricType = .gauge, labels: [(String, String)] = [], value: Double) {
        self.name = name
        self.help = help
        self.type = type
        self.labels = labels
        self.value = value
    }
}
