import Synchronization

/// A handler that keeps every entry in memory, for tests.
///
/// Safe to use from many threads at once; entries keep the order in which they arrived.
public final class InMemoryLogHandler: LogHandler {
    private let storage = Mutex<[LogEntry]>([])

    /// Creates an empty handler.
    public init() {}

    /// Appends the entry.
    public func log(_ entry: LogEntry) {
        storage.withLock { $0.append(entry) }
    }

    /// A snapshot of the entries received so far, oldest first.
    public var entries: [LogEntry] {
        storage.withLock { $0 }
    }

    /// The messages received so far, oldest first.
    public var messages: [String] {
        storage.withLock { entries in entries.map(\.message) }
    }

    /// Forgets every entry.
    public func removeAll() {
        storage.withLock { $0.removeAll() }
    }
}
