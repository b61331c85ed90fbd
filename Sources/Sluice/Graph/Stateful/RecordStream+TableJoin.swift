extension RecordStream {
    /// Joins each record with the table's current value for its key (an inner join: a record whose key the table
    /// does not hold is dropped).
    ///
    /// The stream and the table must be co-partitioned: the stream's topic (or the repartition topic before this
    /// join) must have as many partitions as the table's, keyed the same way. After an operator that may change
    /// keys, call ``repartition(named:key:value:)`` first; the topology does not build otherwise.
    /// - Parameters:
    ///   - table: A table of the same builder, keyed like this stream.
    ///   - name: The node's name; default `join-N`.
    ///   - joiner: Combines the record's value and the table's value.
    /// - Returns: The joined stream, keyed like this one.
    public func join<TableValue, Joined>(
        _ table: Table<Key, TableValue>,
        named name: String? = nil,
        _ joiner: @escaping @Sendable (Value, TableValue) throws -> Joined
    ) -> RecordStream<Key, Joined> {
        if keyChanged {
            builder.record(
                TopologyError(
                    .notCopartitioned,
                    "join '\(name ?? "join")' follows an operator that may change keys: call "
                        + "repartition(named:key:value:) before joining the table '\(table.storeName)'"
                )
            )
        }
        let storeName = table.storeName
        let serializeKey = table.keySerde.serialize
        let deserializeValue = table.valueSerde.deserialize
        let joined = RecordStream<Key, Joined>(
            builder: builder,
            node: builder.addNode(
                operation: "join",
                named: name,
                role: .processor(operation: "join with table \(storeName)"),
                parents: [node]
            ) { node, instance in
                let push = (instance.downstream(of: node.index) as Downstream<Key, Joined>).push
                let name = node.name
                guard let state = instance.context.state else {
                    preconditionFailure("join \(name) runs in a task without state")
                }
                let store = state.store(named: storeName)
                return Downstream<Key, Value> { key, value throws(ProcessingError) in
                    let output: Joined
                    do {
                        guard let keyBytes = try serializeKey(key), let found = try store.get(keyBytes) else { return }
                        output = try joiner(value, try deserializeValue(found))
                    } catch {
                        throw ProcessingError(stage: .processing, operatorName: name, underlying: error)
                    }
                    try push(key, output)
                }
            }
        )
        builder.link(joined.node, readsFrom: table.node)
        return joined
    }
}
