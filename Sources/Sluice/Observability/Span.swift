/// One finished span: the processing of one traced record.
public struct Span: Sendable, Hashable {
    /// The trace id, 32 hex digits.
    public var traceID: String
    /// The span id, 16 hex digits.
    public var spanID: String
    /// The parent span id, or `nil` for a root span.
    public var parentSpanID: String?
    /// The operation, such as `process flights`.
    public var name: String
    /// Start, in nanoseconds since the Unix epoch.
    public var startNanoseconds: UInt64
    /// End, in nanoseconds since the Unix epoch.
    public var endNanoseconds: UInt64
    /// String attributes, such as the topic.
    public var attributes: [String: String]

    /// Creates a span.
    public init(
        traceID: String,
        spanID: String,
        parentSpanID: String?,
        name: String,
        startNanoseconds: UInt64,
        endNanoseconds: UInt64,
        attributes: [String: String]
    ) {
        self.traceID = traceID
        self.spanID = spanID
        self.parentSpanID = parentSpanID
        self.name = name
        self.startNanoseconds = startNanoseconds
        self.endNanoseconds = endNanoseconds
        self.attributes = attributes
    }
}
