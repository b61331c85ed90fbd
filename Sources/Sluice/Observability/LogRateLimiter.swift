import Synchronization

/// Lets at most `limit` log entries through per `interval` and counts the rest, for errors that can repeat per
/// record (a poison record stream must not flood the log).
///
/// Each call site that can fire per record keeps its own limiter. The first entry let through after a
/// suppressed run carries the number of suppressed entries in ``LogKey/suppressed``.
///
/// ```swift
/// let deserializationErrors = LogRateLimiter(limit: 10, interval: .seconds(60))
/// deserializationErrors.log(logger, level: .error, "cannot deserialize record", metadata: [LogKey.offset: 42])
/// ```
public final class LogRateLimiter: Sendable {
    private struct State {
        var windowStart: ContinuousClock.Instant?
        var admittedInWindow = 0
        var suppressed = 0
    }

    /// The number of entries let through per interval.
    public let limit: Int

    /// The length of one window.
    public let interval: Duration

    private let state = Mutex(State())

    /// Creates a limiter.
    ///
    /// - Parameters:
    ///   - limit: Entries let through per interval; at least 1.
    ///   - interval: The window length. Default: one minute.
    public init(limit: Int, interval: Duration = .seconds(60)) {
        precondition(limit >= 1, "LogRateLimiter limit must be at least 1, got \(limit)")
        precondition(interval > .zero, "LogRateLimiter interval must be positive, got \(interval)")
        self.limit = limit
        self.interval = interval
    }

    /// Decides whether one more entry may be written.
    ///
    /// - Parameter now: The current instant; tests pass their own.
    /// - Returns: `nil` when the entry must be dropped; otherwise the number of entries suppressed since the last
    ///   one let through (usually 0), which the caller should report.
    public func admit(now: ContinuousClock.Instant = .now) -> Int? {
        state.withLock { state in
            if let start = state.windowStart, now - start < interval {
                guard state.admittedInWindow < limit else {
                    state.suppressed += 1
                    return nil
                }
            } else {
                state.windowStart = now
                state.admittedInWindow = 0
            }
            state.admittedInWindow += 1
            let suppressed = state.suppressed
            state.suppressed = 0
            return suppressed
        }
    }

    /// The number of entries suppressed since the last one let through.
    public var suppressedCount: Int {
        state.withLock { $0.suppressed }
    }

    /// Writes an entry through `logger` when the limiter admits it, adding ``LogKey/suppressed`` when entries
    /// were suppressed before it. The message and metadata are evaluated only when the entry is written.
    ///
    /// - Parameters:
    ///   - logger: The logger to write through.
    ///   - level: The severity.
    ///   - message: The text.
    ///   - metadata: Fields for this entry.
    ///   - now: The current instant; tests pass their own.
    ///   - file: The source file, filled in by the compiler.
    ///   - function: The function, filled in by the compiler.
    ///   - line: The source line, filled in by the compiler.
    public func log(
        _ logger: Logger,
        level: Logger.Level,
        _ message: @autoclosure () -> String,
        metadata: @autoclosure () -> Logger.Metadata? = nil,
        now: ContinuousClock.Instant = .now,
        file: String = #fileID,
        function: String = #function,
        line: UInt = #line
    ) {
        guard logger.isEnabled(level), let suppressed = admit(now: now) else { return }

        var fields = metadata() ?? [:]
        if suppressed > 0 {
            fields[LogKey.suppressed] = .int(Int64(suppressed))
        }
        logger.log(level: level, message(), metadata: fields, file: file, function: function, line: line)
    }
}
