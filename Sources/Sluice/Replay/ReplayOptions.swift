/// What a replay reprocesses and where its output goes: set ``ApplicationConfiguration/replay`` to run a topology
/// over a stretch of its input again.
///
/// A replay is a bounded run: ``StreamsApplication/run(stopAtEndOfInput:)`` must be called with `true`. Each
/// source partition is read from the group's committed offset (which ``ApplicationReset`` moves to the start)
/// to the replay's end, then the run sends its final watermark, which closes every window, and returns. With a
/// time range, only records whose event time lies in `[from, to)` are processed; the others still move stream
/// time. Tables are read whole and are not limited by the range.
///
/// ``Replay`` plans, resets and runs a replay in one call.
public struct ReplayOptions: Sendable, Hashable {
    /// Where each source partition starts. Default: ``ReplayPosition/beginning``.
    public var from: ReplayPosition = .beginning
    /// Where each source partition ends, or `nil` for the end it has when the replay starts. Default: `nil`.
    public var to: ReplayPosition?
    /// Appended to every output topic's name (each `to(_:)` sink, and the dead-letter topic), so a replay under
    /// a new application id leaves the live outputs untouched. Default: empty (a replay in place writes the live
    /// outputs).
    public var outputSuffix = ""
    /// The application whose input is replayed, when the replay runs under a new application id: its committed
    /// offsets show in the plan, unlisted partitions of an offsets start begin at them, and it must exist.
    /// Default: `nil`, a replay in place of the configured application.
    public var originalApplicationID: String?

    /// Creates options.
    /// - Parameters:
    ///   - from: Where each source partition starts.
    ///   - to: Where each ends; `nil` for the end at start.
    public init(from: ReplayPosition = .beginning, to: ReplayPosition? = nil) {
        self.from = from
        self.to = to
    }

    /// The event times processed, `[from, to)` for the ends given as timestamps, or `nil` when neither is.
    public var eventTimes: Range<Int64>? {
        switch (from.timestamp, to?.timestamp) {
        case (nil, nil): nil
        case (let start?, nil): start..<Int64.max
        case (nil, let end?): Int64.min..<end
        case (let start?, let end?): start..<max(start, end)
        }
    }

    /// Why these options cannot be used, or `nil`.
    package var problem: String? {
        if to?.isBeginning == true { return "a replay cannot end at the beginning" }
        if let start = from.timestamp, let end = to?.timestamp, end <= start {
            return "the replay's end (\(end) ms) must be after its start (\(start) ms)"
        }
        if let start = from.offsets, start.values.contains(where: { $0 < 0 }) {
            return "a replay's start offsets cannot be negative"
        }
        if let end = to?.offsets, end.values.contains(where: { $0 < 0 }) {
            return "a replay's end offsets cannot be negative"
        }
        return nil
    }
}
