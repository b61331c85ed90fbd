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
    let role: Role
    /// The nodes feeding this one.
    var parents: [Int]
    /// The nodes this one feeds, in the order they were attached.
    var children: [Int]
    /// Builds this node's input for one graph instance. A source returns a `TaskProcessor.SourceInput`; any other
    /// node returns the `Downstream` of its input types.
    let makeInput: @Sendable (_ node: TopologyNode, _ instance: GraphInstance) -> Any

    /// The topic a source reads, or `nil` for other nodes.
    var sourceTopic: String? {
        if case .source(let topic) = role { topic } else { nil }
    }
}
