extension RecordStream {
    /// Joins each record with the other stream's records of the same key whose event times are close enough (an
    /// inner join over a sliding window of time).
    ///
    /// A record of this stream at time `t` joins the other stream's records at times in
    /// `[t - windows.before, t + windows.after]`, and a record of the other stream joins this stream's records
    /// in the mirror window, so every pair is joined once, when its second record arrives. Joined records come
    /// out in the order of the buffered records they pair with (by time, then arrival), each with the later of
    /// the two times as its timestamp. Records with a null key, and records no other record is close to, produce
    /// nothing.
    ///
    /// Each stream's records wait in a store of this task, `<name>-this` and `<name>-other` (changelogged as
    /// `<application id>-<store>-changelog`), for as long as a record of the other stream that is not late could
    /// still join them: a record of this stream at `t` until event-time progress passes
    /// `t + after + max(before, after) + grace`, one of the other stream at `u` until it passes
    /// `u + before + max(before, after) + grace`. A record whose time is behind progress by more than
    /// `max(before, after) + grace` is late: it fails with a ``ProcessingError`` at the `late` stage, which the
    /// runtime counts and, if configured, dead-letters.
    ///
    /// Both streams must be co-partitioned: their topics (or the repartition topics before this join) must have
    /// as many partitions, keyed the same way. After an operator that may change keys on either stream, call
    /// ``repartition(named:key:value:)`` on it first; the topology does not build otherwise.
    /// - Parameters:
    ///   - other: A stream of the same builder, keyed like this one.
    ///   - name: The join's name; its stores are named after it. Default `join-N`.
    ///   - windows: How far apart in time joined records may be.
    ///   - key: The serde for keys, used by the stores.
    ///   - value: The serde for this stream's values, used by its store.
    ///   - otherValue: The serde for the other stream's values, used by its store.
    ///   - joiner: Combines a record of this stream and one of the other stream.
    /// - Returns: The joined stream, keyed like the inputs.
    public func join<OtherValue, Joined>(
        _ other: RecordStream<Key, OtherValue>,
        named name: String? = nil,
        windows: JoinWindows,
        key: Serde<Key>,
        value: Serde<Value>,
        otherValue: Serde<OtherValue>,
        _ joiner: @escaping @Sendable (Value, OtherValue) throws -> Joined
    ) -> RecordStream<Key, Joined> {
        let base = name ?? "join-\(builder.nodes.count)"
        if other.builder !== builder {
            builder.record(TopologyError(.foreignStream, "join '\(base)' takes a stream of another builder"))
        }
        for (side, changed) in [("this", keyChanged), ("other", other.keyChanged)] where changed {
            builder.record(
                TopologyError(
                    .notCopartitioned,
                    "join '\(base)': the \(side) stream follows an operator that may change keys, so its records "
                        + "may not be in the partition of their key: call repartition(named:key:value:) on it "
                        + "before joining"
                )
            )
        }
        if let problem = windows.problem {
            builder.record(TopologyError(.invalidWindow, "join '\(base)': \(problem)"))
        }

        let thisStore = "\(base)-this"
        let otherStore = "\(base)-other"
        let serializeKey = key.serialize
        let serializeValue = value.serialize
        let deserializeValue = value.deserialize
        let serializeOther = otherValue.serialize
        let deserializeOther = otherValue.deserialize

        let thisSide = builder.addNode(
            operation: "join",
            named: thisStore,
            role: .processor(operation: "join with \(otherStore) (this side)"),
            parents: [node]
        ) { node, instance in
            guard let state = instance.context.state else {
                preconditionFailure("join \(node.name) runs in a task without state")
            }
            let side = StreamJoinSide<Key, Value, OtherValue, Joined>(
                name: node.name,
                context: instance.context,
                buffer: state.store(named: thisStore),
                partners: state.store(named: otherStore),
                time: state.time,
                windows: windows,
                reach: (windows.before, windows.after),
                downstream: (instance.downstream(of: node.index) as Downstream<Key, Joined>).push,
                functions: (serializeKey, serializeValue, deserializeOther, joiner)
            )
            state.time.listeners.append { progress in try side.expire(at: progress) }
            return Downstream<Key, Value> { key, value throws(ProcessingError) in try side.add(key, value) }
        }
        let otherSide = builder.addNode(
            operation: "join",
            named: otherStore,
            role: .processor(operation: "join with \(thisStore) (other side)"),
            parents: other.builder === builder ? [other.node] : []
        ) { node, instance in
            guard let state = instance.context.state else {
                preconditionFailure("join \(node.name) runs in a task without state")
            }
            let side = StreamJoinSide<Key, OtherValue, Value, Joined>(
                name: node.name,
                context: instance.context,
                buffer: state.store(named: otherStore),
                partners: state.store(named: thisStore),
                time: state.time,
                windows: windows,
                reach: (windows.after, windows.before),
                downstream: (instance.downstream(of: node.index) as Downstream<Key, Joined>).push,
                functions: (serializeKey, serializeOther, deserializeValue, { other, this in try joiner(this, other) })
            )
            state.time.listeners.append { progress in try side.expire(at: progress) }
            return Downstream<Key, OtherValue> { key, value throws(ProcessingError) in try side.add(key, value) }
        }
        builder.declare(StoreDefinition(name: thisStore, kind: .session, lateness: windows.lateness), on: thisSide)
        builder.declare(StoreDefinition(name: otherStore, kind: .session, lateness: windows.lateness), on: otherSide)
        // Each side reads the other's store, so both run in one task.
        builder.link(thisSide, readsFrom: otherSide)
        builder.link(otherSide, readsFrom: thisSide)

        // Both sides push into one node, whose children see a single joined stream.
        let output = builder.addNode(
            operation: "join",
            named: base,
            role: .processor(operation: "join output"),
            parents: [thisSide, otherSide]
        ) { node, instance in
            instance.downstream(of: node.index) as Downstream<Key, Joined>
        }
        return RecordStream<Key, Joined>(builder: builder, node: output, keyChanged: keyChanged || other.keyChanged)
    }
}
