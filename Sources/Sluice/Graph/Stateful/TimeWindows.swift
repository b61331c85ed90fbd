/// Fixed-size windows of event time: tumbling (back to back) or hopping (overlapping, every `advance`).
///
/// A window `[start, start + size)` closes when the task's event-time progress reaches its end plus the grace
/// period; a record arriving for a closed window is late (see ``ProcessingError/Stage/late``). Window starts are
/// aligned to the epoch: a one-hour window starts on the hour.
public struct TimeWindows: Sendable, Hashable {
    /// The window length in milliseconds.
    public let size: Int64
    /// The distance between window starts in milliseconds; equal to `size` for tumbling windows.
    public let advance: Int64
    /// How long after its end a window still accepts records, in milliseconds.
    public let grace: Int64

    /// Back-to-back windows of one size.
    public static func tumbling(size: Duration, grace: Duration = .zero) -> TimeWindows {
        TimeWindows(size: size.milliseconds, advance: size.milliseconds, grace: grace.milliseconds)
    }

    /// Overlapping windows of one size, a new one starting every `advance`.
    public static func hopping(size: Duration, advance: Duration, grace: Duration = .zero) -> TimeWindows {
        TimeWindows(size: size.milliseconds, advance: advance.milliseconds, grace: grace.milliseconds)
    }

    /// Why these windows cannot be used, or `nil`.
    var problem: String? {
        if size <= 0 { return "a window size must be positive" }
        if advance <= 0 || advance > size { return "a window advance must be positive and at most the size" }
        if grace < 0 { return "a grace period cannot be negative" }
        if size >= 1 << 52 || grace >= 1 << 52 { return "a window size or grace period must be under 2^52 ms" }
        return nil
    }

    /// The starts of the windows containing an event time, oldest first.
    func starts(containing time: Int64) -> [Int64] {
        let last = Self.floor(time, advance)
        var starts: [Int64] = []
        var start = last
        while start > time - size {
            starts.append(start)
            start -= advance
        }
        return starts.reversed()
    }

    /// Whether the window starting at `start` has closed at event-time progress `progress`.
    func isClosed(start: Int64, at progress: Int64) -> Bool {
        if progress == EventTime.final { return true }
        let (end, overflow) = start.addingReportingOverflow(size + grace)
        return !overflow && end <= progress
    }

    private static func floor(_ value: Int64, _ step: Int64) -> Int64 {
        let remainder = value % step
        return remainder >= 0 ? value - remainder : value - remainder - step
    }
}

/// A key with the window it was aggregated in.
public struct Windowed<Key> {
    /// The record key.
    public var key: Key
    /// The window's start, epoch milliseconds, inclusive.
    public var start: Int64
    /// The window's end, epoch milliseconds, exclusive.
    public var end: Int64

    /// Creates a windowed key.
    public init(key: Key, start: Int64, end: Int64) {
        self.key = key
        self.start = start
        self.end = end
    }
}

extension Windowed: Sendable where Key: Sendable {}
extension Windowed: Equatable where Key: Equatable {}
extension Windowed: Hashable where Key: Hashable {}

/// When a windowed aggregation emits.
public enum WindowEmission: Sendable, Hashable {
    /// Every update of a window's aggregate, as it happens.
    case onUpdate
    /// Only the final aggregate of each window, once it has closed (its end plus grace has passed).
    case onWindowClose
}

extension Duration {
    /// The duration in whole milliseconds.
    var milliseconds: Int64 {
        components.seconds * 1000 + components.attoseconds / 1_000_000_000_000_000
    }
}
