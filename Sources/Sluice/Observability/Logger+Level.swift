extension Logger {
    /// The severity of a log entry, from the most verbose to the most severe.
    ///
    /// Libraries log at ``info`` or below; ``warning`` and above are for conditions an operator must act on.
    public enum Level: Int, Sendable, Comparable, CaseIterable, CustomStringConvertible {
        /// Very fine detail, such as every poll.
        case trace
        /// Detail for debugging, such as every commit.
        case debug
        /// Normal life-cycle events, such as an assignment.
        case info
        /// Normal but significant events, such as a rebalance.
        case notice
        /// Something unexpected that the system recovered from, such as an aborted transaction.
        case warning
        /// A failure of one operation, such as a record that could not be deserialized.
        case error
        /// A failure that stops the process or a stream thread.
        case critical

        /// The lowercase name written to the `level` field, such as `"info"`.
        public var description: String {
            switch self {
            case .trace: "trace"
            case .debug: "debug"
            case .info: "info"
            case .notice: "notice"
            case .warning: "warning"
            case .error: "error"
            case .critical: "critical"
            }
        }

        /// Parses a lowercase level name as written by ``description``.
        ///
        /// - Parameter name: A name such as `"debug"`.
        public init?(name: String) {
            guard let level = Self.allCases.first(where: { $0.description == name }) else { return nil }
            self = level
        }

        /// Maps a syslog severity, as librdkafka reports it in its log callback, to a level: 0 to 2 (emergency,
        /// alert, critical) are ``critical``, 3 ``error``, 4 ``warning``, 5 ``notice``, 6 ``info``, 7 and above
        /// ``debug``.
        ///
        /// - Parameter syslogLevel: The syslog severity.
        public init(syslogLevel: Int) {
            switch syslogLevel {
            case ...2: self = .critical
            case 3: self = .error
            case 4: self = .warning
            case 5: self = .notice
            case 6: self = .info
            default: self = .debug
            }
        }

        /// Orders levels by severity.
        public static func < (lhs: Level, rhs: Level) -> Bool {
            lhs.rawValue < rhs.rawValue
        }
    }
}
