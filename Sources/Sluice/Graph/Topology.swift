/// A built, immutable graph of sources, operators and sinks.
///
/// Make one with ``TopologyBuilder/build()``. A topology is a blueprint: the runtime instantiates it once per
/// task, so it can be shared freely between threads.
public struct Topology: Sendable, CustomStringConvertible {
    /// The nodes, parents before children.
    let nodes: [TopologyNode]

    /// The connected parts of the graph, cut at repartition topics.
    package let subtopologies: [Subtopology]

    /// The topics the topology reads, in the order their sources were added, repartition topics included.
    public let sourceTopics: [String]

    /// The topics the topology writes, each once, in the order their first sinks were added; repartition topics
    /// are not among them.
    public let sinkTopics: [String]

    /// The repartition topics, written and read by the topology itself.
    public let internalTopics: [String]

    /// The names of the state stores, each with a changelog topic.
    public var storeNames: [String] { subtopologies.flatMap { $0.stores.map(\.name) } }

    /// The topology as text: each sub-topology (a connected part of the graph) with its sources, processors and
    /// sinks, their topics, and the edges between them.
    public let description: String

    init(nodes: [TopologyNode]) {
        self.nodes = nodes
        var sources: [String] = []
        var sinks: [String] = []
        var internals: [String] = []
        for node in nodes {
            switch node.role {
            case .source(let topic):
                sources.append(topic)
            case .sink(let topic) where node.isInternalTopic:
                if !internals.contains(topic) { internals.append(topic) }
            case .sink(let topic):
                if !sinks.contains(topic) { sinks.append(topic) }
            case .processor:
                break
            }
        }
        self.sourceTopics = sources
        self.sinkTopics = sinks
        self.internalTopics = internals
        self.subtopologies = Self.makeSubtopologies(nodes)
        self.description = Topology.describe(nodes)
    }

    /// The topology with its repartition topics named for an application: `<application id>-<name>`.
    package func resolved(applicationID: String) -> Topology {
        guard !internalTopics.isEmpty else { return self }
        let renamed = nodes.map { node -> TopologyNode in
            guard node.isInternalTopic else { return node }
            var copy = node
            switch node.role {
            case .source(let topic):
                copy.role = .source(topic: "\(applicationID)-\(topic)")
            case .sink(let topic):
                copy.role = .sink(topic: "\(applicationID)-\(topic)")
            case .processor:
                break
            }
            return copy
        }
        return Topology(nodes: renamed)
    }
}
