/// One task's instance of a session aggregation: merges records into their key's sessions and closes sessions
/// as event time passes them.
///
/// Sessions live in a session store under ``StoreKeyEncoding/keyed(_:_:_:)`` of the key, the session's end (its
/// last record's time) and its start, so that one key's sessions are one range, ordered by end.
final class SessionAggregation<Key, Value, Aggregate> {
    typealias Functions = (
        serializeKey: @Sendable (Key) throws -> [UInt8]?,
        deserializeKey: @Sendable ([UInt8]?) throws -> Key,
        serializeAggregate: @Sendable (Aggregate) throws -> [UInt8]?,
        deserializeAggregate: @Sendable ([UInt8]?) throws -> Aggregate,
        initial: @Sendable () -> Aggregate,
        merger: @Sendable (Key, Aggregate, Aggregate) throws -> Aggregate,
        aggregator: @Sendable (Key, Value, Aggregate) throws -> Aggregate
    )

    private let name: String
    private let context: RecordContext
    private let store: TransactionalStore
    private let time: EventTime
    private let windows: SessionWindows
    private let emit: WindowEmission
    private let downstream: (Windowed<Key>, Aggregate) throws(ProcessingError) -> Void
    private let functions: Functions
    private let expiry: KeyedEntryExpiry

    init(
        name: String,
        context: RecordContext,
        store: TransactionalStore,
        time: EventTime,
        windows: SessionWindows,
        emit: WindowEmission,
        downstream: @escaping (Windowed<Key>, Aggregate) throws(ProcessingError) -> Void,
        functions: Functions
    ) {
        self.name = name
        self.context = context
        self.store = store
        self.time = time
        self.windows = windows
        self.emit = emit
        self.downstream = downstream
        self.functions = functions
        self.expiry = KeyedEntryExpiry(store: store, time: time) { end, progress in
            windows.isClosed(end: end, at: progress)
        }
    }

    /// Adds a record to its key's session, merging the open sessions it bridges.
    func add(_ key: Key, _ value: Value) throws(ProcessingError) {
        guard let eventTime = context.timestamp else {
            throw failure(TopologyError(.invalidWindow, "the record has no timestamp to window it by"))
        }
        let progress = time.progress
        let keyBytes: [UInt8]
        do {
            guard let bytes = try functions.serializeKey(key) else { return }
            keyBytes = bytes
        } catch {
            throw failure(error)
        }

        // The open sessions within a gap of the record: ending at or after t - gap, starting at or before t + gap.
        let gap = windows.inactivityGap
        var overlapping: [(entry: [UInt8], start: Int64, end: Int64, value: [UInt8])] = []
        do {
            let from = StoreKeyEncoding.keyed(keyBytes, eventTime.saturatingSubtracting(gap), .min)
            let to = StoreKeyEncoding.prefixEnd(StoreKeyEncoding.keyPrefix(keyBytes))
            for (entry, value) in try store.scan(from: from, to: to) {
                let (_, end, start) = StoreKeyEncoding.decodeKeyed(entry)
                if start <= eventTime.saturatingAdding(gap) && !windows.isClosed(end: end, at: progress) {
                    overlapping.append((entry, start, end, value))
                }
            }
        } catch {
            throw failure(error)
        }

        let start = overlapping.reduce(eventTime) { Swift.min($0, $1.start) }
        let end = overlapping.reduce(eventTime) { Swift.max($0, $1.end) }
        if windows.isClosed(end: end, at: progress) {
            throw ProcessingError(
                stage: .late,
                operatorName: name,
                underlying: LateRecordError(eventTime: eventTime, progress: progress, grace: windows.grace)
            )
        }

        // The merged sessions' aggregates fold into the first one's, then the record into the result.
        let next: Aggregate
        do {
            var merged: Aggregate?
            for session in overlapping {
                let aggregate = try functions.deserializeAggregate(session.value)
                merged = try merged.map { try functions.merger(key, $0, aggregate) } ?? aggregate
                store.put(session.entry, nil)
            }
            next = try functions.aggregator(key, value, merged ?? functions.initial())
            store.put(StoreKeyEncoding.keyed(keyBytes, end, start), try functions.serializeAggregate(next))
            expiry.noteWritten(first: end)
        } catch {
            throw failure(error)
        }
        if emit == .onUpdate {
            try downstream(Self.windowed(key, start: start, end: end), next)
        }
    }

    /// Deletes the sessions closed at `progress`, emitting their final values first when emitting on close.
    func close(at progress: Int64) throws(ProcessingError) {
        var closed: [KeyedEntryExpiry.Entry] = []
        do {
            try expiry.expire(at: progress) { closed.append($0) }
        } catch {
            throw failure(error)
        }
        guard emit == .onWindowClose else { return }
        for session in closed {
            let key: Key
            let aggregate: Aggregate
            do {
                key = try functions.deserializeKey(session.key)
                aggregate = try functions.deserializeAggregate(session.value)
            } catch {
                throw failure(error)
            }
            context.timestamp = session.first
            try downstream(Self.windowed(key, start: session.second, end: session.first), aggregate)
        }
    }

    /// The windowed key of a session whose records span `start...end`; the window's end is exclusive.
    private static func windowed(_ key: Key, start: Int64, end: Int64) -> Windowed<Key> {
        Windowed(key: key, start: start, end: end.saturatingAdding(1))
    }

    private func failure(_ error: any Error) -> ProcessingError {
        ProcessingError(stage: .processing, operatorName: name, underlying: error)
    }
}
