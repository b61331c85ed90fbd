/// One task's instance of a windowed aggregation: adds records to their open windows and closes windows as
/// event time passes them.
final class WindowAggregation<Key, Value, Aggregate> {
    typealias Functions = (
        serializeKey: @Sendable (Key) throws -> [UInt8]?,
        deserializeKey: @Sendable ([UInt8]?) throws -> Key,
        serializeAggregate: @Sendable (Aggregate) throws -> [UInt8]?,
        deserializeAggregate: @Sendable ([UInt8]?) throws -> Aggregate,
        initial: @Sendable () -> Aggregate,
        aggregator: @Sendable (Key, Value, Aggregate) throws -> Aggregate
    )

    private let name: String
    private let context: RecordContext
    private let store: TransactionalStore
    private let time: EventTime
    private let windows: TimeWindows
    private let emit: WindowEmission
    private let downstream: (Windowed<Key>, Aggregate) throws(ProcessingError) -> Void
    private let functions: Functions
    private let closer: WindowCloser

    init(
        name: String,
        context: RecordContext,
        store: TransactionalStore,
        time: EventTime,
        windows: TimeWindows,
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
        self.closer = WindowCloser(store: store, time: time, windows: windows)
    }

    /// Adds a record to each of its windows that is still open.
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
        var accepted = false
        for start in windows.starts(containing: eventTime) where !windows.isClosed(start: start, at: progress) {
            accepted = true
            let next: Aggregate
            do {
                let entry = StoreKeyEncoding.window(start: start, key: keyBytes)
                let current = try store.get(entry).map { try functions.deserializeAggregate($0) } ?? functions.initial()
                next = try functions.aggregator(key, value, current)
                store.put(entry, try functions.serializeAggregate(next))
                closer.noteOpen(start: start)
            } catch {
                throw failure(error)
            }
            if emit == .onUpdate {
                try downstream(Windowed(key: key, start: start, end: start + windows.size), next)
            }
        }
        if !accepted {
            throw ProcessingError(
                stage: .late,
                operatorName: name,
                underlying: LateRecordError(eventTime: eventTime, progress: progress, grace: windows.grace)
            )
        }
    }

    /// Deletes the windows closed at `progress`, emitting their final values first when emitting on close.
    func close(at progress: Int64) throws(ProcessingError) {
        var closed: [(start: Int64, key: [UInt8], value: [UInt8])] = []
        do {
            try closer.close(at: progress) { start, key, value in closed.append((start, key, value)) }
        } catch {
            throw failure(error)
        }
        guard emit == .onWindowClose else { return }
        for window in closed {
            let key: Key
            let aggregate: Aggregate
            do {
                key = try functions.deserializeKey(window.key)
                aggregate = try functions.deserializeAggregate(window.value)
            } catch {
                throw failure(error)
            }
            context.timestamp = window.start + windows.size - 1
            try downstream(Windowed(key: key, start: window.start, end: window.start + windows.size), aggregate)
        }
    }

    private func failure(_ error: any Error) -> ProcessingError {
        ProcessingError(stage: .processing, operatorName: name, underlying: error)
    }
}
