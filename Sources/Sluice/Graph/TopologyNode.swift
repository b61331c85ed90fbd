/// One node of a built topology: its place in the graph and how to instantiate it for a task.
struct TopologyNode: Sendable {
    /// What the node does.
    enum Role: Sendable {
        /// Reads a topic.
        case source(topic: String)
        /// Applies an operation, such as `map` or `branch`.
        case processor(operation: String)
        /// Writes a topic.
        case sink(topic: String)
    }

    /// The node's position in the topology; parents always come before their children.
    let index: Int
    /// The node's unique name.
    let name: String
    /// What the node does.
    var role: Role
    /// The nodes feeding this one.
    var parents: [Int]
    /// The nodes this one feeds, in the order they were attached.
    var children: [Int]
    /// Builds this node's input for one graph instance. A source returns a `TaskProcessor.SourceInput`; any other
    /// node returns the `Downstream` of its input types.
    let makeInput: @Sendable (_ node: TopologyNode, _ instance: GraphInstance) -> Any
    /// Whether the node's topic is internal to the application (a repartition topic): its name in `role` is
    /// prefixed with the application id when the topology is resolved for a run.
    var isInternalTopic = false
    /// Whether the node is a source read into a table, which a task reads to its end before anything else.
    var isTableSource = false
    /// Nodes whose stores this node reads (a join reads its table's store), which must run in the same task.
    var reads: [Int] = []
    /// The state stores the node owns.
    var stores: [StoreDefinition] = []
    /// What a replay lets this source process; `nil` outside replays, and for repartition and table sources.
    var replay: ReplayBounds?
    /// The number of lanes of a laned operator, 0 for a node that runs on its task's thread.
    var lanes = 0

    /// The topic a source reads, or `nil` for other nodes.
    var sourceTopic: String? {
        if case .source(let topic) = role { topic } else { nil }
    }
}
