/// A grouped stream cut into time windows, ready to aggregate per key and window.
///
/// Get one from ``GroupedStream/windowedBy(_:)``. Each task keeps its open windows in a window store named after
/// the operation; a window is deleted once it has closed (its end plus grace is behind the task's event-time
/// progress), after its final value was emitted when emitting on close. A record whose windows have all closed
/// is late: it fails with a ``ProcessingError`` at the `late` stage, which the runtime counts and, if configured,
/// dead-letters. A record with some windows still open (hopping windows) updates those and is not counted.
public final class TimeWindowedStream<Key, Value> {
    let grouped: GroupedStream<Key, Value>
    let windows: TimeWindows

    init(grouped: GroupedStream<Key, Value>, windows: TimeWindows) {
        self.grouped = grouped
        self.windows = windows
    }

    /// Folds each key's records into one value per window.
    /// - Parameters:
    ///   - name: The operation's name, also its store's. Default `window-aggregate-N`.
    ///   - initial: A window's value before its first record.
    ///   - value: The serde for the aggregate, used by the store and its changelog.
    ///   - emit: Every update, or only final values once windows close. Default: on update.
    ///   - aggregator: Returns the new aggregate from the key, the record's value and the current aggregate.
    /// - Returns: The stream of windowed aggregates.
    public func aggregate<Aggregate>(
        named name: String? = nil,
        initial: @escaping @Sendable () -> Aggregate,
        value aggregateSerde: Serde<Aggregate>,
        emit: WindowEmission = .onUpdate,
        _ aggregator: @escaping @Sendable (Key, Value, Aggregate) throws -> Aggregate
    ) -> RecordStream<Windowed<Key>, Aggregate> {
        let builder = grouped.builder
        let storeName = name ?? "window-aggregate-\(builder.nodes.count)"
        if let problem = windows.problem {
            builder.record(TopologyError(.invalidWindow, "\(storeName): \(problem)"))
        }
        let windows = self.windows
        let serializeKey = grouped.keySerde.serialize
        let deserializeKey = grouped.keySerde.deserialize
        let serializeAggregate = aggregateSerde.serialize
        let deserializeAggregate = aggregateSerde.deserialize
        let index = builder.addNode(
            operation: "window-aggregate",
            named: storeName,
            role: .processor(operation: "window aggregate"),
            parents: [grouped.stream.node]
        ) { node, instance in
            guard let state = instance.context.state else {
                preconditionFailure("window aggregate \(node.name) runs in a task without state")
            }
            let aggregation = WindowAggregation<Key, Value, Aggregate>(
                name: node.name,
                context: instance.context,
                store: state.store(named: storeName),
                time: state.time,
                windows: windows,
                emit: emit,
                downstream: (instance.downstream(of: node.index) as Downstream<Windowed<Key>, Aggregate>).push,
                functions: (serializeKey, deserializeKey, serializeAggregate, deserializeAggregate, initial, aggregator)
            )
            // Closed windows are deleted whatever the emission; on close, their final values are emitted first.
            state.time.listeners.append { progress in try aggregation.close(at: progress) }
            return Downstream<Key, Value> { key, value throws(ProcessingError) in try aggregation.add(key, value) }
        }
        builder.declare(
            StoreDefinition(name: storeName, kind: .window, lateness: windows.size.saturatingAdding(windows.grace)),
            on: index
        )
        return RecordStream(builder: builder, node: index, keyChanged: true)
    }

    /// Counts each key's records per window.
    public func count(named name: String? = nil, emit: WindowEmission = .onUpdate)
        -> RecordStream<Windowed<Key>, Int64>
    {
        aggregate(named: name, initial: { 0 }, value: .int64, emit: emit) { _, _, count in count + 1 }
    }
}

extension GroupedStream {
    /// Cuts the grouped stream into tumbling or hopping windows of event time.
    public func windowedBy(_ windows: TimeWindows) -> TimeWindowedStream<Key, Value> {
        TimeWindowedStream(grouped: self, windows: windows)
    }
}
