import SluiceKafka

/// Assembles a topology: add sources, chain operators on the streams they return, end them in sinks, then
/// ``build()``.
///
/// ```swift
/// let builder = TopologyBuilder()
/// let flights = builder.source("flights", key: .optional(.string), value: .json(Flight.self))
/// flights.filter { _, flight in flight.isCancelled }
///     .to("flights-cancelled", key: .optional(.string), value: .json(Flight.self))
/// let topology = try builder.build()
/// ```
///
/// Nodes without a name get one from their operation and a counter shared by all nodes, such as `source-0` or
/// `map-3`. A builder is meant for one thread; the ``Topology`` it builds is `Sendable`.
public final class TopologyBuilder {
    /// The nodes added so far, parents before children.
    private(set) var nodes: [TopologyNode] = []
    /// Problems found while adding nodes, reported by `build()`.
    private var problems: [TopologyError] = []

    /// Creates an empty builder.
    public init() {}

    /// Adds a source that reads a topic.
    /// - Parameters:
    ///   - topic: The topic to read.
    ///   - name: The source's name; default `source-N`.
    ///   - key: The serde for the records' keys; use `.optional(...)` when keys may be null.
    ///   - value: The serde for the records' values.
    ///   - timestamp: The event time of a record, when it is not the record's timestamp; returning `nil` keeps
    ///     the record's timestamp. Outputs carry the event time as their timestamp.
    /// - Returns: The stream of the topic's records.
    public func source<Key, Value>(
        _ topic: String,
        named name: String? = nil,
        key: Serde<Key>,
        value: Serde<Value>,
        timestamp: (@Sendable (Key, Value) -> Int64?)? = nil
    ) -> RecordStream<Key, Value> {
        if topic.isEmpty {
            record(TopologyError(.emptyTopicName, "a source reads a topic with an empty name"))
        }
        let index = addSource(topic, named: name, key: key, value: value, timestamp: timestamp)
        return RecordStream(builder: self, node: index)
    }

    /// Adds a source node; a repartition source has `isInternal`, a table's source `isTable`.
    func addSource<Key, Value>(
        _ topic: String,
        named name: String?,
        key: Serde<Key>,
        value: Serde<Value>,
        timestamp: (@Sendable (Key, Value) -> Int64?)? = nil,
        isInternal: Bool = false,
        isTable: Bool = false
    ) -> Int {
        let deserializeKey = key.deserialize
        let deserializeValue = value.deserialize
        let index = addNode(operation: "source", named: name, role: .source(topic: topic), parents: []) {
            node,
            instance in
            let downstream: Downstream<Key, Value> = instance.downstream(of: node.index)
            let push = downstream.push
            let name = node.name
            let context = instance.context
            // Only streams from outside the application drive a task's stream time.
            let time = node.isInternalTopic || node.isTableSource ? nil : context.state?.time
            let replay = node.isInternalTopic || node.isTableSource ? nil : node.replay
            let input: TaskProcessor.SourceInput = { record throws(ProcessingError) in
                if let replay {
                    // Past its end a replay reads nothing more: the record neither counts nor moves time.
                    guard replay.admits(offset: record.offset, partition: record.partition) else { return }
                    // Outside the replayed times a record is not processed (not even deserialized) but moves
                    // stream time; with a timestamp closure that takes the value, so it waits until below.
                    if timestamp == nil, !replay.admits(eventTime: record.timestamp) {
                        if let eventTime = record.timestamp, eventTime.magnitude < EventTime.limit {
                            time?.observe(eventTime)
                        }
                        return
                    }
                }
                let key: Key
                do {
                    key = try deserializeKey(record.key)
                } catch {
                    throw ProcessingError(stage: .keyDeserialization, operatorName: name, underlying: error)
                }
                let value: Value
                do {
                    value = try deserializeValue(record.value)
                } catch {
                    throw ProcessingError(stage: .valueDeserialization, operatorName: name, underlying: error)
                }
                if let timestamp, let extracted = timestamp(key, value) {
                    context.timestamp = extracted
                }
                if context.state != nil, let eventTime = context.timestamp {
                    // Event time outside about ±285,000 years cannot be windowed without overflow.
                    guard eventTime.magnitude < EventTime.limit else {
                        throw ProcessingError(
                            stage: .processing,
                            operatorName: name,
                            underlying: TopologyError(
                                .invalidWindow,
                                "event time \(eventTime) ms is outside ±\(EventTime.limit) ms; a task with windows "
                                    + "cannot place it"
                            )
                        )
                    }
                    time?.observe(eventTime)
                }
                // Outside the replayed times a record has moved stream time, and goes no further.
                if let replay, !replay.admits(eventTime: context.timestamp) { return }
                try push(key, value)
            }
            return input
        }
        nodes[index].isInternalTopic = isInternal
        nodes[index].isTableSource = isTable
        return index
    }

    /// Checks the graph and freezes it into a topology.
    ///
    /// The builder stays usable: nodes added later appear in the next build only.
    /// - Returns: The topology.
    /// - Throws: ``TopologyError`` when the graph has no source, two nodes share a name, two sources read one
    ///   topic, a topic is both read and written, a topic name is empty, a branch has no predicates, a stream
    ///   from another builder was merged in, or a laned operator shares its sub-topology with state stores.
    public func build() throws(TopologyError) -> Topology {
        if let problem = problems.first {
            throw problem
        }

        var names: Set<String> = []
        var sourceTopics: Set<String> = []
        var sinkTopics: Set<String> = []
        for node in nodes {
            guard names.insert(node.name).inserted else {
                throw TopologyError(.duplicateName, "two nodes are named '\(node.name)'")
            }
            switch node.role {
            case .source(let topic):
                guard sourceTopics.insert(topic).inserted else {
                    throw TopologyError(.duplicateSourceTopic, "two sources read topic '\(topic)'")
                }
            case .sink(let topic):
                if !node.isInternalTopic { sinkTopics.insert(topic) }
            case .processor:
                break
            }
        }
        guard !sourceTopics.isEmpty else {
            throw TopologyError(.noSource, "the topology reads no topic; add one with source(_:key:value:)")
        }
        if let topic = nodes.lazy.compactMap(\.sourceTopic).first(where: sinkTopics.contains) {
            throw TopologyError(
                .topicIsSourceAndSink,
                "topic '\(topic)' is both read and written, which would feed the topology its own output"
            )
        }
        let topology = Topology(nodes: nodes)
        try Self.checkLanes(topology)
        return topology
    }

    /// Refuses laned operators in sub-topologies with stores: their results reach the stores after records given
    /// later have moved event time on, so windows could close before them.
    private static func checkLanes(_ topology: Topology) throws(TopologyError) {
        for sub in topology.subtopologies where !sub.stores.isEmpty {
            guard let laned = sub.nodes.first(where: { topology.nodes[$0].lanes > 0 }) else { continue }
            throw TopologyError(
                .invalidLanes,
                "operator '\(topology.nodes[laned].name)' runs on lanes in a sub-topology with the state store "
                    + "'\(sub.stores[0].name)'; put `repartition()` between the laned step and the stateful one"
            )
        }
    }

    /// Adds a node under its parents and returns its index.
    func addNode(
        operation: String,
        named name: String?,
        role: TopologyNode.Role,
        parents: [Int],
        makeInput: @escaping @Sendable (_ node: TopologyNode, _ instance: GraphInstance) -> Any
    ) -> Int {
        let index = nodes.count
        let node = TopologyNode(
            index: index,
            name: name ?? "\(operation)-\(index)",
            role: role,
            parents: parents,
            children: [],
            makeInput: makeInput
        )
        nodes.append(node)
        for parent in parents {
            nodes[parent].children.append(index)
        }
        return index
    }

    /// Marks a node as writing or reading a repartition topic.
    func markInternal(_ index: Int) {
        nodes[index].isInternalTopic = true
    }

    /// Marks a source as read into a table.
    func markTable(_ index: Int) {
        nodes[index].isTableSource = true
    }

    /// Declares a store a node owns.
    func declare(_ store: StoreDefinition, on index: Int) {
        if nodes.contains(where: { $0.stores.contains { $0.name == store.name } }) {
            record(TopologyError(.duplicateName, "two stores are named '\(store.name)'"))
        }
        nodes[index].stores.append(store)
    }

    /// Notes that a node runs on lanes.
    func setLanes(_ count: Int, on index: Int) {
        nodes[index].lanes = count
    }

    /// Notes that a node reads the stores of another, so both run in one task.
    func link(_ reader: Int, readsFrom owner: Int) {
        nodes[reader].reads.append(owner)
    }

    /// Notes a problem for `build()` to report.
    func record(_ problem: TopologyError) {
        problems.append(problem)
    }
}
