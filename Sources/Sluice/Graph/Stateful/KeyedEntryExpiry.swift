/// Finds and removes the entries of a keyed store (sessions, join buffers) that event-time progress has expired.
///
/// Entries are laid out by ``StoreKeyEncoding/keyed(_:_:_:)``, key first, so expiring by time cannot be a range
/// scan. Instead the expiry remembers the earliest first time (a session's end, a buffered record's timestamp)
/// the store holds, so that progress that expires nothing costs no scan, and scans the whole store only when that
/// entry has expired. The memory is dropped whenever event time rolls back (an aborted transaction), since deleted
/// entries come back.
final class KeyedEntryExpiry {
    /// One expired entry, decoded.
    struct Entry {
        /// The serialized record key.
        var key: [UInt8]
        /// The first time of the entry.
        var first: Int64
        /// The second time of the entry.
        var second: Int64
        /// The stored value.
        var value: [UInt8]
    }

    private let store: TransactionalStore
    private let time: EventTime
    private let isExpired: (_ first: Int64, _ progress: Int64) -> Bool
    /// The earliest first time in the store, when known; `Int64.max` when the store is known to be empty.
    private var earliest: Int64?
    private var seenRollBacks = 0

    /// Creates the expiry of a store.
    /// - Parameters:
    ///   - store: The keyed store.
    ///   - time: The task's event time, read for its roll-backs.
    ///   - isExpired: Whether an entry with a first time has expired at a progress; monotonic in both.
    init(store: TransactionalStore, time: EventTime, isExpired: @escaping (_ first: Int64, _ progress: Int64) -> Bool) {
        self.store = store
        self.time = time
        self.isExpired = isExpired
    }

    /// Notes an entry written in the store.
    func noteWritten(first: Int64) {
        if let known = earliest, first < known { earliest = first }
    }

    /// Deletes every entry expired at `progress`, then calls `emit` with each, ordered by first time, then key
    /// bytes, then second time.
    func expire(at progress: Int64, emit: (Entry) throws -> Void) throws {
        if seenRollBacks != time.rollBacks {
            seenRollBacks = time.rollBacks
            earliest = nil
        }
        if let known = earliest, !isExpired(known, progress) { return }

        var expired: [Entry] = []
        var remaining = Int64.max
        for (entry, value) in try store.scan(from: nil, to: nil) {
            let (key, first, second) = StoreKeyEncoding.decodeKeyed(entry)
            if isExpired(first, progress) {
                expired.append(Entry(key: key, first: first, second: second, value: value))
                store.put(entry, nil)
            } else {
                remaining = Swift.min(remaining, first)
            }
        }
        earliest = remaining

        expired.sort { left, right in
            if left.first != right.first { return left.first < right.first }
            if left.key != right.key { return left.key.lexicographicallyPrecedes(right.key) }
            return left.second < right.second
        }
        for entry in expired {
            try emit(entry)
        }
    }
}
