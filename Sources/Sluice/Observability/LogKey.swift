/// Every metadata key Sluice writes, in one place, so dashboards and log queries can rely on them.
///
/// Keys are dotted: `sluice.` for the framework's own concepts, `kafka.` for Kafka's.
public enum LogKey {
    /// The application id (the consumer group and the prefix of internal topics).
    public static let applicationID = "sluice.application_id"
    /// The index of the stream thread within its process (an integer, 0 for the first).
    public static let thread = "sluice.thread"
    /// The task id, such as `"0_3"` (sub-topology 0, partition 3).
    public static let task = "sluice.task"
    /// The name of a state store.
    public static let store = "sluice.store"
    /// The name of an operator (processor node) in the topology.
    public static let processor = "sluice.processor"
    /// How many entries a ``LogRateLimiter`` suppressed since the last one it let through.
    public static let suppressed = "sluice.suppressed"
    /// A duration in seconds, such as the time a commit took.
    public static let durationSeconds = "sluice.duration_seconds"
    /// A count of records, such as records restored so far.
    public static let recordCount = "sluice.record_count"
    /// A topic name.
    public static let topic = "kafka.topic"
    /// A partition number.
    public static let partition = "kafka.partition"
    /// A record offset.
    public static let offset = "kafka.offset"
    /// A producer's `transactional.id`.
    public static let transactionalID = "kafka.transactional_id"
    /// The consumer group id.
    public static let groupID = "kafka.group_id"
    /// The consumer group generation.
    public static let generation = "kafka.generation"
    /// A broker's `host:port` or id.
    public static let broker = "kafka.broker"
    /// A librdkafka log facility, such as `"COMMIT"`, for lines routed from librdkafka's log callback.
    public static let facility = "kafka.facility"
    /// The description of an error.
    public static let error = "error"
    /// The W3C trace id of the record being processed.
    public static let traceID = "trace.id"
    /// The W3C span id of the record being processed.
    public static let spanID = "trace.span_id"
}
