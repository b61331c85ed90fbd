/// How far apart in event time two records of a stream-stream join may be.
///
/// A record of the joining stream at time `t` joins the other stream's records of the same key at times in
/// `[t - before, t + after]`; a record of the other stream at time `u` joins the joining stream's records at
/// times in `[u - after, u + before]`, so that the pairs are the same whichever record comes first.
///
/// A record is late when event-time progress has passed its time plus `max(before, after)` plus the grace
/// period. Each side keeps its records as long as a record of the other side that is not late could still join
/// them (see ``RecordStream/join(_:named:windows:key:value:otherValue:_:)``).
public struct JoinWindows: Sendable, Hashable {
    /// How much earlier than a joining record the other stream's records may be, in milliseconds.
    public let before: Int64
    /// How much later than a joining record the other stream's records may be, in milliseconds.
    public let after: Int64
    /// How long past the window records still arrive in time, in milliseconds.
    public let grace: Int64

    /// Joins records at most `difference` apart, either way.
    /// - Parameters:
    ///   - difference: The largest time between joined records; zero joins only records of equal time.
    ///   - grace: How long records may arrive out of order past the window. Default: zero.
    /// - Returns: The join windows.
    public static func within(_ difference: Duration, grace: Duration = .zero) -> JoinWindows {
        JoinWindows(before: difference.milliseconds, after: difference.milliseconds, grace: grace.milliseconds)
    }

    /// Why these windows cannot be used, or `nil`.
    var problem: String? {
        if before < 0 || after < 0 { return "a join window cannot be negative" }
        if grace < 0 { return "a grace period cannot be negative" }
        return nil
    }

    /// How far behind progress a record may be and still be joined, in milliseconds.
    var lateness: Int64 {
        Swift.max(before, after).saturatingAdding(grace)
    }

    /// Whether a record at `time` is late at event-time progress `progress`.
    func isLate(_ time: Int64, at progress: Int64) -> Bool {
        progress == EventTime.final || progress > time.saturatingAdding(lateness)
    }
}
