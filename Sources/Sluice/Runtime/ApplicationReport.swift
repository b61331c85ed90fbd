/// What a ``StreamsApplication`` did, for the summary a bounded run prints and for tests.
public struct ApplicationReport: Sendable, Hashable {
    /// Records read per input topic.
    public var consumed: [String: Int] = [:]
    /// Records sent per output topic (dead letters excluded).
    public var produced: [String: Int] = [:]
    /// Records sent to the dead-letter topic.
    public var deadLettered: Int = 0
    /// Records sent to the dead-letter topic, per source topic.
    public var deadLetteredBySource: [String: Int] = [:]
    /// Records whose windows had all closed when they arrived, per source topic.
    public var late: [String: Int] = [:]
    /// Records skipped by the `.skip` error policy.
    public var skipped: Int = 0
    /// Offset commits made.
    public var commits: Int = 0
    /// Wall time from start to shutdown.
    public var elapsed: Duration = .zero

    /// Creates an empty report.
    public init() {}

    /// All records read.
    public var consumedTotal: Int { consumed.values.reduce(0, +) }

    /// All records sent to output topics (dead letters excluded).
    public var producedTotal: Int { produced.values.reduce(0, +) }

    mutating func merge(_ other: ApplicationReport) {
        consumed.merge(other.consumed, uniquingKeysWith: +)
        produced.merge(other.produced, uniquingKeysWith: +)
        deadLettered += other.deadLettered
        deadLetteredBySource.merge(other.deadLetteredBySource, uniquingKeysWith: +)
        late.merge(other.late, uniquingKeysWith: +)
        skipped += other.skipped
        commits += other.commits
    }
}
