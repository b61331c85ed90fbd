/// A changelog stream read as a table: the latest value per key, kept in a state store.
///
/// Tables come from ``TopologyBuilder/table(_:named:key:value:)`` (a topic read as a table) and from aggregations
/// (``GroupedStream/aggregate(named:initial:value:_:)`` and its kin). A stream joins a table with
/// ``RecordStream/join(_:named:_:)``; ``toStream()`` gives its updates as a stream.
public final class Table<Key, Value> {
    /// The builder the table belongs to.
    let builder: TopologyBuilder
    /// The node whose output is the table's updates.
    let node: Int
    /// The store holding the table, with keys and values serialized by `keySerde` and `valueSerde`.
    let storeName: String
    let keySerde: Serde<Key>
    let valueSerde: Serde<Value>

    init(builder: TopologyBuilder, node: Int, storeName: String, key: Serde<Key>, value: Serde<Value>) {
        self.builder = builder
        self.node = node
        self.storeName = storeName
        self.keySerde = key
        self.valueSerde = value
    }

    /// The table's updates as a stream: each new value of a key, in the order they happened.
    public func toStream() -> RecordStream<Key, Value> {
        RecordStream(builder: builder, node: node)
    }

    /// Sends every update to a topic, which then holds the table as a changelog (compare by final value per key).
    public func to(_ topic: String, named name: String? = nil, key: Serde<Key>, value: Serde<Value>) {
        toStream().to(topic, named: name, key: key, value: value)
    }
}

extension TopologyBuilder {
    /// Reads a topic as a table: each record is the new value of its key, a null value deletes the key (a delete
    /// is not passed on to ``Table/toStream()``, whose values are never null).
    ///
    /// The table lives in the store `name` (changelogged as `<application id>-<name>-changelog`). A task reads
    /// the table's partition to its end before it processes the other topics it reads, so a stream joined with the
    /// table sees everything that was in the topic when the task started.
    /// - Parameters:
    ///   - topic: The topic to read.
    ///   - name: The table's name, which is also its store's. Default `table-N`.
    ///   - key: The serde for keys.
    ///   - value: The serde for values.
    /// - Returns: The table.
    public func table<Key, Value>(
        _ topic: String,
        named name: String? = nil,
        key: Serde<Key>,
        value: Serde<Value>
    ) -> Table<Key, Value> {
        if topic.isEmpty {
            record(TopologyError(.emptyTopicName, "a table reads a topic with an empty name"))
        }
        let storeName = name ?? "table-\(nodes.count)"
        let deserializeKey = key.deserialize
        let deserializeValue = value.deserialize
        let index = addNode(operation: "table", named: storeName, role: .source(topic: topic), parents: []) {
            node,
            instance in
            let push = (instance.downstream(of: node.index) as Downstream<Key, Value>).push
            let name = node.name
            guard let state = instance.context.state else {
                preconditionFailure("table \(name) runs in a task without state")
            }
            let store = state.store(named: storeName)
            let input: TaskProcessor.SourceInput = { record throws(ProcessingError) in
                let key: Key
                do {
                    key = try deserializeKey(record.key)
                } catch {
                    throw ProcessingError(stage: .keyDeserialization, operatorName: name, underlying: error)
                }
                guard let keyBytes = record.key else { return }
                guard let valueBytes = record.value else {
                    store.put(keyBytes, nil)
                    return
                }
                let value: Value
                do {
                    value = try deserializeValue(valueBytes)
                } catch {
                    throw ProcessingError(stage: .valueDeserialization, operatorName: name, underlying: error)
                }
                store.put(keyBytes, valueBytes)
                try push(key, value)
            }
            return input
        }
        markTable(index)
        declare(StoreDefinition(name: storeName, kind: .keyValue), on: index)
        return Table(builder: self, node: index, storeName: storeName, key: key, value: value)
    }
}
