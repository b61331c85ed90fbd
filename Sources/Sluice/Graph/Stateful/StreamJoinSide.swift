/// One task's instance of one side of a windowed stream-stream join: buffers the side's records and joins each
/// with the other side's buffered records of the same key and a near enough time.
///
/// A side's buffer is a store under ``StoreKeyEncoding/keyed(_:_:_:)`` of the key, the record's time and a
/// sequence number (the record's offset, moved past any entry it would overwrite), so that a key's records are
/// one range in arrival order by time, and records at the same time never replace each other. The value is a tag
/// byte (0 for a null value, 1 otherwise) and the serialized value.
final class StreamJoinSide<Key, Value, Partner, Joined> {
    typealias Functions = (
        serializeKey: @Sendable (Key) throws -> [UInt8]?,
        serializeValue: @Sendable (Value) throws -> [UInt8]?,
        deserializePartner: @Sendable ([UInt8]?) throws -> Partner,
        joiner: @Sendable (Value, Partner) throws -> Joined
    )

    private let name: String
    private let context: RecordContext
    /// This side's buffer.
    private let buffer: TransactionalStore
    /// The other side's buffer.
    private let partners: TransactionalStore
    private let time: EventTime
    private let windows: JoinWindows
    /// How much earlier and later than a record of this side the other side's records join it.
    private let reach: (earlier: Int64, later: Int64)
    private let downstream: (Key, Joined) throws(ProcessingError) -> Void
    private let functions: Functions
    private let expiry: KeyedEntryExpiry

    /// Creates one side.
    /// - Parameter reach: For the joining stream `(before, after)`; for the other stream `(after, before)`.
    init(
        name: String,
        context: RecordContext,
        buffer: TransactionalStore,
        partners: TransactionalStore,
        time: EventTime,
        windows: JoinWindows,
        reach: (earlier: Int64, later: Int64),
        downstream: @escaping (Key, Joined) throws(ProcessingError) -> Void,
        functions: Functions
    ) {
        self.name = name
        self.context = context
        self.buffer = buffer
        self.partners = partners
        self.time = time
        self.windows = windows
        self.reach = reach
        self.downstream = downstream
        self.functions = functions
        // A record of this side at t can still be joined by a record of the other side that is not late and at
        // most `later` after it: until progress passes t + later + lateness.
        let retention = reach.later.saturatingAdding(windows.lateness)
        self.expiry = KeyedEntryExpiry(store: buffer, time: time) { recordTime, progress in
            progress == EventTime.final || progress > recordTime.saturatingAdding(retention)
        }
    }

    /// Buffers a record, then joins it with each buffered record of the other side in its window, in their order.
    func add(_ key: Key, _ value: Value) throws(ProcessingError) {
        guard let eventTime = context.timestamp else {
            throw failure(TopologyError(.invalidWindow, "the record has no timestamp to join it by"))
        }
        let progress = time.progress
        if windows.isLate(eventTime, at: progress) {
            throw ProcessingError(
                stage: .late,
                operatorName: name,
                underlying: LateRecordError(eventTime: eventTime, progress: progress, grace: windows.grace)
            )
        }

        let matches: [(time: Int64, value: [UInt8])]
        do {
            guard let keyBytes = try functions.serializeKey(key) else { return }
            var entry = StoreKeyEncoding.keyed(keyBytes, eventTime, context.offset)
            var sequence = context.offset
            while try buffer.get(entry) != nil {
                sequence += 1
                entry = StoreKeyEncoding.keyed(keyBytes, eventTime, sequence)
            }
            buffer.put(entry, try functions.serializeValue(value).map { [1] + $0 } ?? [0])
            expiry.noteWritten(first: eventTime)

            let from = StoreKeyEncoding.keyed(keyBytes, eventTime.saturatingSubtracting(reach.earlier), .min)
            let last = eventTime.saturatingAdding(reach.later)
            let to =
                last == .max
                ? StoreKeyEncoding.prefixEnd(StoreKeyEncoding.keyPrefix(keyBytes))
                : StoreKeyEncoding.keyed(keyBytes, last + 1, .min)
            matches = try partners.scan(from: from, to: to).map { entry, value in
                (StoreKeyEncoding.decodeKeyed(entry).first, value)
            }
        } catch {
            throw failure(error)
        }

        guard !matches.isEmpty else { return }
        let saved = context.timestamp
        defer { context.timestamp = saved }
        for match in matches {
            let joined: Joined
            do {
                let tagged = match.value
                let partner = try functions.deserializePartner(tagged.first == 1 ? Array(tagged.dropFirst()) : nil)
                joined = try functions.joiner(value, partner)
            } catch {
                throw failure(error)
            }
            context.timestamp = Swift.max(eventTime, match.time)
            try downstream(key, joined)
        }
    }

    /// Deletes the buffered records that no record of the other side can join any more.
    func expire(at progress: Int64) throws(ProcessingError) {
        do {
            try expiry.expire(at: progress) { _ in }
        } catch {
            throw failure(error)
        }
    }

    private func failure(_ error: any Error) -> ProcessingError {
        ProcessingError(stage: .processing, operatorName: name, underlying: error)
    }
}
