/// A grouped stream cut into sessions of activity, ready to aggregate per key and session.
///
/// Get one from ``GroupedStream/windowedBy(_:)-(SessionWindows)``. Each task keeps its open sessions in a session
/// store named after the operation. A record merges every open session of its key within the inactivity gap of it
/// (see ``SessionWindows``), so one record can join two sessions into one; their aggregates are combined with the
/// operation's merger. A session is deleted once it has closed, after its final value was emitted when emitting on
/// close. A record whose session would already be closed is late: it fails with a ``ProcessingError`` at the
/// `late` stage, which the runtime counts and, if configured, dead-letters.
///
/// Outputs are keyed by ``Windowed``: `start` is the time of the session's first record and `end` the time of its
/// last record plus one millisecond, as a window's end is exclusive.
///
/// - Important: When emitting on update, a merge emits only the merged session: the sessions it replaced are not
///   retracted downstream (their windows lie inside the new one's). Emit on close to see each session once.
public final class SessionWindowedStream<Key, Value> {
    let grouped: GroupedStream<Key, Value>
    let windows: SessionWindows

    init(grouped: GroupedStream<Key, Value>, windows: SessionWindows) {
        self.grouped = grouped
        self.windows = windows
    }

    /// Folds each key's records into one value per session.
    /// - Parameters:
    ///   - name: The operation's name, also its store's. Default `session-aggregate-N`.
    ///   - initial: A session's value before its first record.
    ///   - value: The serde for the aggregate, used by the store and its changelog.
    ///   - emit: Every update, or only final values once sessions close. Default: on update.
    ///   - merger: Combines the aggregates of two sessions a record bridges, the earlier-ending first, from the
    ///     key and the two aggregates.
    ///   - aggregator: Returns the new aggregate from the key, the record's value and the current aggregate (the
    ///     merged sessions' aggregate, or `initial()` for a new session).
    /// - Returns: The stream of aggregates per session.
    public func aggregate<Aggregate>(
        named name: String? = nil,
        initial: @escaping @Sendable () -> Aggregate,
        value aggregateSerde: Serde<Aggregate>,
        emit: WindowEmission = .onUpdate,
        merger: @escaping @Sendable (Key, Aggregate, Aggregate) throws -> Aggregate,
        _ aggregator: @escaping @Sendable (Key, Value, Aggregate) throws -> Aggregate
    ) -> RecordStream<Windowed<Key>, Aggregate> {
        let builder = grouped.builder
        let storeName = name ?? "session-aggregate-\(builder.nodes.count)"
        if let problem = windows.problem {
            builder.record(TopologyError(.invalidWindow, "\(storeName): \(problem)"))
        }
        let windows = self.windows
        let serializeKey = grouped.keySerde.serialize
        let deserializeKey = grouped.keySerde.deserialize
        let serializeAggregate = aggregateSerde.serialize
        let deserializeAggregate = aggregateSerde.deserialize
        let index = builder.addNode(
            operation: "session-aggregate",
            named: storeName,
            role: .processor(operation: "session aggregate"),
            parents: [grouped.stream.node]
        ) { node, instance in
            guard let state = instance.context.state else {
                preconditionFailure("session aggregate \(node.name) runs in a task without state")
            }
            let aggregation = SessionAggregation<Key, Value, Aggregate>(
                name: node.name,
                context: instance.context,
                store: state.store(named: storeName),
                time: state.time,
                windows: windows,
                emit: emit,
                downstream: (instance.downstream(of: node.index) as Downstream<Windowed<Key>, Aggregate>).push,
                functions: (
                    serializeKey, deserializeKey, serializeAggregate, deserializeAggregate, initial, merger, aggregator
                )
            )
            // Closed sessions are deleted whatever the emission; on close, their final values are emitted first.
            state.time.listeners.append { progress in try aggregation.close(at: progress) }
            return Downstream<Key, Value> { key, value throws(ProcessingError) in try aggregation.add(key, value) }
        }
        builder.declare(
            StoreDefinition(
                name: storeName,
                kind: .session,
                lateness: windows.inactivityGap.saturatingAdding(windows.grace)
            ),
            on: index
        )
        return RecordStream(builder: builder, node: index, keyChanged: true)
    }

    /// Counts each key's records per session.
    /// - Parameters:
    ///   - name: The operation's name, also its store's. Default `session-aggregate-N`.
    ///   - emit: Every update, or only final counts once sessions close. Default: on update.
    /// - Returns: The stream of counts per session.
    public func count(named name: String? = nil, emit: WindowEmission = .onUpdate)
        -> RecordStream<Windowed<Key>, Int64>
    {
        aggregate(
            named: name,
            initial: { 0 },
            value: .int64,
            emit: emit,
            merger: { _, first, second in first + second }
        ) { _, _, count in count + 1 }
    }
}

extension GroupedStream {
    /// Cuts the grouped stream into sessions of activity per key.
    /// - Parameter windows: The inactivity gap and grace period.
    /// - Returns: The session-windowed stream, ready to aggregate.
    public func windowedBy(_ windows: SessionWindows) -> SessionWindowedStream<Key, Value> {
        SessionWindowedStream(grouped: self, windows: windows)
    }
}
