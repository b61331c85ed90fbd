/// A typed stream of keyed records inside a topology under construction.
///
/// Get one from ``TopologyBuilder/source(_:named:key:value:)`` and chain operators on it; each operator adds a
/// node to the builder and returns the stream of its output. A stream may feed several operators: each record
/// goes to all of them, in the order they were attached.
///
/// Every operator takes an optional `named:` node name (default: the operation and a counter, such as
/// `map-3`); the name shows in ``Topology/description`` and in ``ProcessingError/operatorName``.
///
/// Closures are `@Sendable` because one topology serves every task: tasks on different stream threads call the
/// same closure at the same time (each task runs its records one at a time, in offset order). A closure that
/// throws fails only the record it was given, as a ``ProcessingError`` at the `processing` stage.
public final class RecordStream<Key, Value> {
    /// The builder the stream belongs to.
    let builder: TopologyBuilder
    /// The node whose output this stream is.
    let node: Int
    /// Whether an operator since the source may have changed keys, so that records are no longer in the partition
    /// of their key: grouping or joining by key then goes through a repartition topic first.
    let keyChanged: Bool

    init(builder: TopologyBuilder, node: Int, keyChanged: Bool = false) {
        self.builder = builder
        self.node = node
        self.keyChanged = keyChanged
    }

    /// Transforms each record's key and value.
    /// - Parameters:
    ///   - name: The node's name; default `map-N`.
    ///   - transform: Returns the new key and value.
    /// - Returns: The stream of transformed records.
    public func map<NewKey, NewValue>(
        named name: String? = nil,
        _ transform: @escaping @Sendable (Key, Value) throws -> (NewKey, NewValue)
    ) -> RecordStream<NewKey, NewValue> {
        attach("map", named: name, changesKey: true) { name, downstream in
            let push = downstream.push
            return Downstream { key, value throws(ProcessingError) in
                // Two values rather than one tuple: a tuple of generic types costs a metadata lookup per record.
                let newKey: NewKey
                let newValue: NewValue
                do {
                    (newKey, newValue) = try transform(key, value)
                } catch {
                    throw ProcessingError(stage: .processing, operatorName: name, underlying: error)
                }
                try push(newKey, newValue)
            }
        }
    }

    /// Transforms each record's value and keeps its key.
    /// - Parameters:
    ///   - name: The node's name; default `map-values-N`.
    ///   - transform: Returns the new value.
    /// - Returns: The stream of transformed records.
    public func mapValues<NewValue>(
        named name: String? = nil,
        _ transform: @escaping @Sendable (Value) throws -> NewValue
    ) -> RecordStream<Key, NewValue> {
        attach("map-values", named: name) { name, downstream in
            let push = downstream.push
            return Downstream { key, value throws(ProcessingError) in
                let output: NewValue
                do {
                    output = try transform(value)
                } catch {
                    throw ProcessingError(stage: .processing, operatorName: name, underlying: error)
                }
                try push(key, output)
            }
        }
    }

    /// Keeps the records that satisfy a predicate.
    /// - Parameters:
    ///   - name: The node's name; default `filter-N`.
    ///   - isIncluded: Returns `true` for records to keep.
    /// - Returns: The stream of kept records.
    public func filter(
        named name: String? = nil,
        _ isIncluded: @escaping @Sendable (Key, Value) throws -> Bool
    ) -> RecordStream<Key, Value> {
        attach("filter", named: name) { name, downstream in
            let push = downstream.push
            return Downstream { key, value throws(ProcessingError) in
                let keep: Bool
                do {
                    keep = try isIncluded(key, value)
                } catch {
                    throw ProcessingError(stage: .processing, operatorName: name, underlying: error)
                }
                if keep {
                    try push(key, value)
                }
            }
        }
    }

    /// Drops the records that satisfy a predicate.
    /// - Parameters:
    ///   - name: The node's name; default `filter-not-N`.
    ///   - isExcluded: Returns `true` for records to drop.
    /// - Returns: The stream of the other records.
    public func filterNot(
        named name: String? = nil,
        _ isExcluded: @escaping @Sendable (Key, Value) throws -> Bool
    ) -> RecordStream<Key, Value> {
        attach("filter-not", named: name) { name, downstream in
            let push = downstream.push
            return Downstream { key, value throws(ProcessingError) in
                let drop: Bool
                do {
                    drop = try isExcluded(key, value)
                } catch {
                    throw ProcessingError(stage: .processing, operatorName: name, underlying: error)
                }
                if !drop {
                    try push(key, value)
                }
            }
        }
    }

    /// Turns each record into zero or more records.
    /// - Parameters:
    ///   - name: The node's name; default `flat-map-N`.
    ///   - transform: Returns the new records, in the order to send them.
    /// - Returns: The stream of new records.
    public func flatMap<NewKey, NewValue>(
        named name: String? = nil,
        _ transform: @escaping @Sendable (Key, Value) throws -> [(NewKey, NewValue)]
    ) -> RecordStream<NewKey, NewValue> {
        attach("flat-map", named: name, changesKey: true) { name, downstream in
            let push = downstream.push
            return Downstream { key, value throws(ProcessingError) in
                let outputs: [(NewKey, NewValue)]
                do {
                    outputs = try transform(key, value)
                } catch {
                    throw ProcessingError(stage: .processing, operatorName: name, underlying: error)
                }
                for output in outputs {
                    try push(output.0, output.1)
                }
            }
        }
    }

    /// Turns each record's value into zero or more values, each sent with the record's key.
    /// - Parameters:
    ///   - name: The node's name; default `flat-map-values-N`.
    ///   - transform: Returns the new values, in the order to send them.
    /// - Returns: The stream of new records.
    public func flatMapValues<NewValue>(
        named name: String? = nil,
        _ transform: @escaping @Sendable (Value) throws -> [NewValue]
    ) -> RecordStream<Key, NewValue> {
        attach("flat-map-values", named: name) { name, downstream in
            let push = downstream.push
            return Downstream { key, value throws(ProcessingError) in
                let outputs: [NewValue]
                do {
                    outputs = try transform(value)
                } catch {
                    throw ProcessingError(stage: .processing, operatorName: name, underlying: error)
                }
                for output in outputs {
                    try push(key, output)
                }
            }
        }
    }

    /// Calls a closure on each record and passes the record on unchanged.
    /// - Parameters:
    ///   - name: The node's name; default `peek-N`.
    ///   - action: Looks at the record; throwing fails the record.
    /// - Returns: The same records.
    public func peek(
        named name: String? = nil,
        _ action: @escaping @Sendable (Key, Value) throws -> Void
    ) -> RecordStream<Key, Value> {
        attach("peek", named: name) { name, downstream in
            let push = downstream.push
            return Downstream { key, value throws(ProcessingError) in
                do {
                    try action(key, value)
                } catch {
                    throw ProcessingError(stage: .processing, operatorName: name, underlying: error)
                }
                try push(key, value)
            }
        }
    }

    /// Replaces each record's key and keeps its value.
    ///
    /// - Important: The new key does not move the record to another partition before the next operator; it
    ///   takes effect at the sink, whose partitioner places the record by the new key.
    /// - Parameters:
    ///   - name: The node's name; default `select-key-N`.
    ///   - selector: Returns the new key.
    /// - Returns: The re-keyed stream.
    public func selectKey<NewKey>(
        named name: String? = nil,
        _ selector: @escaping @Sendable (Key, Value) throws -> NewKey
    ) -> RecordStream<NewKey, Value> {
        attach("select-key", named: name, changesKey: true) { name, downstream in
            let push = downstream.push
            return Downstream { key, value throws(ProcessingError) in
                let newKey: NewKey
                do {
                    newKey = try selector(key, value)
                } catch {
                    throw ProcessingError(stage: .processing, operatorName: name, underlying: error)
                }
                try push(newKey, value)
            }
        }
    }

    /// Splits the stream by predicates: each record goes to the stream of the first predicate it satisfies.
    ///
    /// A record that satisfies none is dropped; end with `{ _, _ in true }` to catch the rest. The branch's
    /// outputs are named `<name>-0`, `<name>-1`, and so on.
    /// - Parameters:
    ///   - name: The node's name; default `branch-N`.
    ///   - predicates: The tests, tried in order.
    /// - Returns: One stream per predicate, in the same order.
    public func branch(
        named name: String? = nil,
        _ predicates: (@Sendable (Key, Value) throws -> Bool)...
    ) -> [RecordStream<Key, Value>] {
        if predicates.isEmpty {
            builder.record(TopologyError(.noBranchPredicates, "branch '\(name ?? "branch")' has no predicates"))
        }
        let branchIndex = builder.addNode(
            operation: "branch",
            named: name,
            role: .processor(operation: "branch"),
            parents: [node]
        ) { node, instance in
            // Fold the predicates into one chain of closures, so a record meets no array of generic closures.
            let name = node.name
            var route = Downstream<Key, Value>.discard.push
            for (predicate, output) in zip(predicates, node.children).reversed() {
                let push = (instance.input(of: output) as Downstream<Key, Value>).push
                let next = route
                route = { key, value throws(ProcessingError) in
                    let matches: Bool
                    do {
                        matches = try predicate(key, value)
                    } catch {
                        throw ProcessingError(stage: .processing, operatorName: name, underlying: error)
                    }
                    if matches {
                        try push(key, value)
                    } else {
                        try next(key, value)
                    }
                }
            }
            return Downstream(push: route)
        }

        let branchName = builder.nodes[branchIndex].name
        return predicates.indices.map { position in
            let output = builder.addNode(
                operation: "branch-output",
                named: "\(branchName)-\(position)",
                role: .processor(operation: "branch output \(position)"),
                parents: [branchIndex]
            ) { node, instance in
                // An output only forwards, so its input is its children's input: no extra call per record.
                let downstream: Downstream<Key, Value> = instance.downstream(of: node.index)
                return downstream
            }
            return RecordStream(builder: builder, node: output, keyChanged: keyChanged)
        }
    }

    /// Combines this stream with another of the same types.
    ///
    /// Records keep their order within each input; between the inputs they interleave as they arrive.
    /// - Parameters:
    ///   - other: A stream from the same builder.
    ///   - name: The node's name; default `merge-N`.
    /// - Returns: The stream of both inputs' records.
    public func merge(_ other: RecordStream<Key, Value>, named name: String? = nil) -> RecordStream<Key, Value> {
        var parents = [node]
        if other.builder === builder {
            parents.append(other.node)
        } else {
            builder.record(
                TopologyError(.foreignStream, "merge '\(name ?? "merge")' takes a stream of another builder")
            )
        }
        return attach(
            "merge",
            named: name,
            parents: parents,
            changesKey: keyChanged || other.keyChanged
        ) { _, downstream in
            // Both parents push straight into the merge's children.
            downstream
        }
    }

    /// Sends every record to a topic.
    ///
    /// The output keeps the input record's timestamp and headers. A record with a null key goes to the input
    /// record's partition modulo the topic's partition count, so a rerun places it identically; any other key is
    /// placed by the producer's murmur2 partitioner, as Java clients place it.
    /// - Parameters:
    ///   - topic: The topic to write.
    ///   - name: The sink's name; default `sink-N`.
    ///   - key: The serde for the keys.
    ///   - value: The serde for the values.
    public func to(_ topic: String, named name: String? = nil, key: Serde<Key>, value: Serde<Value>) {
        if topic.isEmpty {
            builder.record(TopologyError(.emptyTopicName, "a sink writes a topic with an empty name"))
        }
        _ = addSink(topic, operation: "sink", named: name, key: key, value: value)
    }

    /// Adds a sink node writing `topic`, and returns its index. The topic is read from the node when the graph is
    /// instantiated, so a repartition topic's name is the one resolved with the application id.
    func addSink(_ topic: String, operation: String, named name: String?, key: Serde<Key>, value: Serde<Value>) -> Int {
        let serializeKey = key.serialize
        let serializeValue = value.serialize
        return builder.addNode(operation: operation, named: name, role: .sink(topic: topic), parents: [node]) {
            node,
            instance in
            let context = instance.context
            let name = node.name
            guard case .sink(let resolved) = node.role else { preconditionFailure("\(name) is not a sink") }
            return Downstream<Key, Value> { key, value throws(ProcessingError) in
                let keyBytes: [UInt8]?
                let valueBytes: [UInt8]?
                do {
                    keyBytes = try serializeKey(key)
                    valueBytes = try serializeValue(value)
                } catch {
                    throw ProcessingError(stage: .serialization, operatorName: name, underlying: error)
                }
                do {
                    try context.send(topic: resolved, key: keyBytes, value: valueBytes)
                } catch {
                    throw ProcessingError(stage: .production, operatorName: name, underlying: error)
                }
            }
        }
    }

    /// Adds a processor fed by `parents` (default: this stream) whose input is made from its children's input.
    private func attach<NewKey, NewValue>(
        _ operation: String,
        named name: String?,
        parents: [Int]? = nil,
        changesKey: Bool? = nil,
        _ makeInput:
            @escaping @Sendable (_ name: String, _ downstream: Downstream<NewKey, NewValue>) ->
            Downstream<Key, Value>
    ) -> RecordStream<NewKey, NewValue> {
        let index = builder.addNode(
            operation: operation,
            named: name,
            role: .processor(operation: operation),
            parents: parents ?? [node]
        ) { node, instance in
            makeInput(node.name, instance.downstream(of: node.index))
        }
        return RecordStream<NewKey, NewValue>(builder: builder, node: index, keyChanged: changesKey ?? keyChanged)
    }
}
