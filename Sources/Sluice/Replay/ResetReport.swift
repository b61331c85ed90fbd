/// What ``ApplicationReset/reset(to:)`` did, and how long each step took.
public struct ResetReport: Sendable, Hashable {
    /// The internal topics that existed and were deleted.
    public var deletedTopics: [String] = []
    /// The internal topics created again, empty.
    public var createdTopics: [String] = []
    /// The group offsets committed: stream partitions at their starts, tables at their earliest offsets,
    /// repartition topics at 0.
    public var committedOffsets = 0
    /// The state folder removed.
    public var stateDirectory = ""
    /// How long checking the group for active members took.
    public var membersChecked: Duration = .zero
    /// How long deleting the internal topics took, until the cluster no longer listed them.
    public var topicsDeleted: Duration = .zero
    /// How long creating them again took.
    public var topicsCreated: Duration = .zero
    /// How long committing the offsets took.
    public var offsetsCommitted: Duration = .zero
    /// How long removing the state folder took.
    public var stateWiped: Duration = .zero
    /// The whole reset.
    public var elapsed: Duration = .zero

    /// Creates an empty report.
    public init() {}
}
