/// Tracing options: which records start a trace, and where spans go.
///
/// A record that carries a W3C `traceparent` header is always traced: its outputs continue the trace. Others
/// start a new trace at ``samplingRate``. With an ``exportEndpoint``, each traced record's processing becomes one
/// span, exported in batches as OTLP/HTTP JSON.
public struct TracingConfiguration: Sendable, Hashable {
    /// The share of records without `traceparent` that start a new trace, from 0 to 1. Default: 0.
    public var samplingRate: Double = 0
    /// The OTLP/HTTP traces endpoint, such as `http://127.0.0.1:4318/v1/traces`; `nil` exports nothing.
    /// Only `http` is supported. Default: `nil`.
    public var exportEndpoint: String?
    /// Spans waiting for export at most; more are dropped and counted. Default: 10,000.
    public var maxQueuedSpans: Int = 10_000
    /// How often queued spans are sent. Default: 500 ms.
    public var exportInterval: Duration = .milliseconds(500)

    /// Creates a configuration with the documented defaults.
    public init() {}
}
