/// Windows of activity per key: a session grows while records keep coming less than an inactivity gap apart.
///
/// A session spans the event times of its records, from the first to the last. A record at time `t` joins every
/// session of its key that ends at or after `t - gap` and starts at or before `t + gap`; when it bridges several,
/// they merge into one. A session closes when the task's event-time progress reaches its last record's time plus
/// the gap plus the grace period: no record can extend it any more.
///
/// A record is late when the session it would end up in has already closed, that is when progress has reached
/// the latest of its own time and the ends of the open sessions it merges with, plus gap plus grace. A record that
/// falls inside or next to an open session is therefore never late, however old it is.
public struct SessionWindows: Sendable, Hashable {
    /// The longest time in milliseconds between two records of one session.
    public let inactivityGap: Int64
    /// How long after it could no longer grow a session still accepts records, in milliseconds.
    public let grace: Int64

    /// Sessions that end after `gap` without a record.
    /// - Parameters:
    ///   - gap: The inactivity gap; must be positive.
    ///   - grace: How long a session stays open past its gap for records arriving out of order. Default: zero.
    /// - Returns: The session windows.
    public static func with(gap: Duration, grace: Duration = .zero) -> SessionWindows {
        SessionWindows(inactivityGap: gap.milliseconds, grace: grace.milliseconds)
    }

    /// Why these windows cannot be used, or `nil`.
    var problem: String? {
        if inactivityGap <= 0 { return "an inactivity gap must be positive" }
        if grace < 0 { return "a grace period cannot be negative" }
        return nil
    }

    /// Whether a session whose last record is at `end` has closed at event-time progress `progress`.
    func isClosed(end: Int64, at progress: Int64) -> Bool {
        if progress == EventTime.final { return true }
        // A close time past the end of time saturates to it, which only the final progress reaches.
        return end.saturatingAdding(inactivityGap.saturatingAdding(grace)) <= progress
    }
}
