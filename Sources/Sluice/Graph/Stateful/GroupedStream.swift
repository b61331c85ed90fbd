/// A stream grouped by key, ready to aggregate: every record of a key reaches the same task.
///
/// Get one from ``RecordStream/groupByKey(named:key:value:)`` or ``RecordStream/groupBy(named:key:value:_:)``.
/// Aggregations keep one value per key in a state store named after the operation, changelogged as
/// `<application id>-<name>-changelog`, and emit every new value (a table's updates). Records with a null key are
/// skipped, as they have no group.
public final class GroupedStream<Key, Value> {
    let stream: RecordStream<Key, Value>
    let keySerde: Serde<Key>
    let valueSerde: Serde<Value>

    init(stream: RecordStream<Key, Value>, key: Serde<Key>, value: Serde<Value>) {
        self.stream = stream
        self.keySerde = key
        self.valueSerde = value
    }

    var builder: TopologyBuilder { stream.builder }

    /// Folds each key's records into one value.
    /// - Parameters:
    ///   - name: The operation's name, also its store's. Default `aggregate-N`.
    ///   - initial: The value before a key's first record.
    ///   - value: The serde for the aggregate, used by the store and its changelog.
    ///   - aggregator: Returns the new aggregate from the key, the record's value and the current aggregate.
    /// - Returns: The table of aggregates.
    public func aggregate<Aggregate>(
        named name: String? = nil,
        initial: @escaping @Sendable () -> Aggregate,
        value aggregateSerde: Serde<Aggregate>,
        _ aggregator: @escaping @Sendable (Key, Value, Aggregate) throws -> Aggregate
    ) -> Table<Key, Aggregate> {
        let storeName = name ?? "aggregate-\(builder.nodes.count)"
        let serializeKey = keySerde.serialize
        let serializeAggregate = aggregateSerde.serialize
        let deserializeAggregate = aggregateSerde.deserialize
        let index = builder.addNode(
            operation: "aggregate",
            named: storeName,
            role: .processor(operation: "aggregate"),
            parents: [stream.node]
        ) { node, instance in
            let push = (instance.downstream(of: node.index) as Downstream<Key, Aggregate>).push
            let name = node.name
            guard let state = instance.context.state else {
                preconditionFailure("aggregate \(name) runs in a task without state")
            }
            let store = state.store(named: storeName)
            return Downstream<Key, Value> { key, value throws(ProcessingError) in
                let next: Aggregate
                do {
                    guard let keyBytes = try serializeKey(key) else { return }
                    let current = try store.get(keyBytes).map { try deserializeAggregate($0) } ?? initial()
                    next = try aggregator(key, value, current)
                    store.put(keyBytes, try serializeAggregate(next))
                } catch {
                    throw ProcessingError(stage: .processing, operatorName: name, underlying: error)
                }
                try push(key, next)
            }
        }
        builder.declare(StoreDefinition(name: storeName, kind: .keyValue), on: index)
        return Table(builder: builder, node: index, storeName: storeName, key: keySerde, value: aggregateSerde)
    }

    /// Counts each key's records.
    /// - Parameter name: The operation's name, also its store's. Default `aggregate-N`.
    /// - Returns: The table of counts.
    public func count(named name: String? = nil) -> Table<Key, Int64> {
        aggregate(named: name, initial: { 0 }, value: .int64) { _, _, count in count + 1 }
    }

    /// Combines each key's records with a function of two values; a key's first record is its first value.
    /// - Parameters:
    ///   - name: The operation's name, also its store's. Default `aggregate-N`.
    ///   - reducer: Returns the new value from the current one and the record's.
    /// - Returns: The table of reduced values.
    public func reduce(
        named name: String? = nil,
        _ reducer: @escaping @Sendable (Value, Value) throws -> Value
    ) -> Table<Key, Value> {
        let optional = Serde<Value?>.optional(valueSerde)
        let table: Table<Key, Value?> = aggregate(named: name, initial: { nil }, value: optional) { _, value, current in
            guard let current else { return value }
            return try reducer(current, value)
        }
        let storeName = table.storeName
        let unwrapped = table.toStream().flatMapValues(named: "\(storeName)-values") { value in value.map { [$0] } ?? []
        }
        return Table(builder: builder, node: unwrapped.node, storeName: storeName, key: keySerde, value: valueSerde)
    }
}

extension RecordStream {
    /// Groups records by their current key. When an operator since the source may have changed keys, records go
    /// through the repartition topic `<application id>-<name>-repartition` first.
    /// - Parameters:
    ///   - name: The grouping's name, used for the repartition topic. Default `group-by-key-N`.
    ///   - key: The serde for keys, used by stores and the repartition topic.
    ///   - value: The serde for values, used by the repartition topic.
    /// - Returns: The grouped stream.
    public func groupByKey(named name: String? = nil, key: Serde<Key>, value: Serde<Value>) -> GroupedStream<Key, Value>
    {
        let base = name ?? "group-by-key-\(builder.nodes.count)"
        return GroupedStream(stream: copartitioned(named: base, key: key, value: value), key: key, value: value)
    }

    /// Groups records by a new key, always through the repartition topic `<application id>-<name>-repartition`.
    /// - Parameters:
    ///   - name: The grouping's name, used for the repartition topic. Default `group-by-N`.
    ///   - key: The serde for the new keys.
    ///   - value: The serde for values.
    ///   - selector: Returns a record's new key.
    /// - Returns: The grouped stream.
    public func groupBy<NewKey>(
        named name: String? = nil,
        key: Serde<NewKey>,
        value: Serde<Value>,
        _ selector: @escaping @Sendable (Key, Value) throws -> NewKey
    ) -> GroupedStream<NewKey, Value> {
        let base = name ?? "group-by-\(builder.nodes.count)"
        let rekeyed = selectKey(named: "\(base)-key", selector)
        return GroupedStream(stream: rekeyed.repartition(named: base, key: key, value: value), key: key, value: value)
    }
}
