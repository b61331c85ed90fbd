import SluiceKafka

/// What a replay will do, worked out before anything changes: per source partition the committed offset, the
/// offsets the replay starts and ends at, and so the records it reprocesses; the tables it reads again; the
/// internal topics and the state directory a reset clears.
///
/// Make one with ``Replay/plan()``; print it for a dry run, hand it to ``Replay/reset(_:)`` to act on it.
///
/// - Important: Counts are offset differences. On a topic written in transactions they include the transaction
///   markers and aborted records, which a replay skips, so fewer records may be processed than counted.
public struct ReplayPlan: Sendable, Hashable {
    /// One partition's place in the plan.
    public struct Partition: Sendable, Hashable {
        /// The partition.
        public var partition: TopicPartition
        /// The original application's committed offset (where the live application is), or `nil` when it has
        /// none.
        public var committed: Int64?
        /// The first offset the replay processes: where the reset moves the group's offset.
        public var start: Int64
        /// The first offset the replay does not process.
        public var end: Int64
        /// The partition's earliest retained offset when the plan was made.
        public var earliest: Int64
        /// The partition's end (its last stable offset) when the plan was made.
        public var latest: Int64

        /// Creates a partition's plan.
        public init(
            partition: TopicPartition,
            committed: Int64?,
            start: Int64,
            end: Int64,
            earliest: Int64,
            latest: Int64
        ) {
            self.partition = partition
            self.committed = committed
            self.start = start
            self.end = end
            self.earliest = earliest
            self.latest = latest
        }

        /// The offsets the replay covers: `end - start`, never negative.
        public var records: Int64 { max(0, end - start) }
    }

    /// The application that runs the replay: the consumer group that is reset and whose internal topics and
    /// state are cleared.
    public var applicationID: String
    /// The application whose input is replayed; equal to ``applicationID`` for a replay in place.
    public var originalApplicationID: String
    /// What was asked.
    public var options: ReplayOptions
    /// The largest lateness of the topology's stores, in milliseconds: how far past a `to` timestamp each
    /// partition is read.
    public var lateness: Int64
    /// The partitions of the topics read as streams, in topic and partition order.
    public var partitions: [Partition]
    /// The partitions of the topics read into tables, which are read again from their earliest offset.
    public var tables: [Partition]
    /// The application's changelog and repartition topics, which a reset deletes and creates again empty.
    public var internalTopics: [String]
    /// The folder of the application's local state, which a reset removes.
    public var stateDirectory: String
    /// What the plan had to decide for the user: a start before the earliest retained record, a start after
    /// the end, offsets out of range.
    public var notes: [String]

    /// Creates a plan.
    public init(
        applicationID: String,
        originalApplicationID: String,
        options: ReplayOptions,
        lateness: Int64,
        partitions: [Partition],
        tables: [Partition],
        internalTopics: [String],
        stateDirectory: String,
        notes: [String]
    ) {
        self.applicationID = applicationID
        self.originalApplicationID = originalApplicationID
        self.options = options
        self.lateness = lateness
        self.partitions = partitions
        self.tables = tables
        self.internalTopics = internalTopics
        self.stateDirectory = stateDirectory
        self.notes = notes
    }

    /// The offsets the replay covers over every stream partition.
    public var recordsToReplay: Int64 { partitions.reduce(0) { $0 + $1.records } }

    /// Whether the replay processes nothing (every start is at or past its end).
    public var isEmpty: Bool { recordsToReplay == 0 }

    /// The event times processed, or `nil` for all.
    public var eventTimes: Range<Int64>? { options.eventTimes }

    /// The offsets a reset commits for the group: each stream partition's start and each table partition's
    /// earliest offset.
    public var startOffsets: [TopicPartition: Int64] {
        var offsets: [TopicPartition: Int64] = [:]
        for partition in partitions + tables { offsets[partition.partition] = partition.start }
        return offsets
    }
}
