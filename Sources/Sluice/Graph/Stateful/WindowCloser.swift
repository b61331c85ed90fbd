/// Finds and removes the windows of a window store that event-time progress has closed, oldest first.
///
/// It remembers the earliest window start it knows of, so that progress that closes nothing costs no scan. The
/// memory is dropped whenever event time rolls back (an aborted transaction), since deleted windows come back.
final class WindowCloser {
    private let store: TransactionalStore
    private let time: EventTime
    private let windows: TimeWindows
    /// The earliest window start in the store, when known; `Int64.max` when the store is known to be empty.
    private var earliest: Int64?
    private var seenRollBacks = 0

    init(store: TransactionalStore, time: EventTime, windows: TimeWindows) {
        self.store = store
        self.time = time
        self.windows = windows
    }

    /// Notes a window written in the store.
    func noteOpen(start: Int64) {
        if let known = earliest, start < known { earliest = start }
    }

    /// Deletes every window closed at `progress`, calling `emit` with each one's start, key and value, ordered
    /// by start, then key bytes.
    func close(at progress: Int64, emit: (_ start: Int64, _ key: [UInt8], _ value: [UInt8]) throws -> Void) throws {
        if seenRollBacks != time.rollBacks {
            seenRollBacks = time.rollBacks
            earliest = nil
        }
        if let known = earliest, !windows.isClosed(start: known, at: progress) { return }
        let bound: [UInt8]? =
            progress == EventTime.final
            ? nil : StoreKeyEncoding.windowBound(start: progress - windows.size - windows.grace + 1)
        for (entry, value) in try store.scan(from: nil, to: bound) {
            let (start, key) = StoreKeyEncoding.decodeWindow(entry)
            try emit(start, key, value)
            store.put(entry, nil)
        }
        earliest = try store.firstKey(from: bound).map { StoreKeyEncoding.decodeWindow($0).start } ?? Int64.max
    }
}
