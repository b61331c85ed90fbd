/// A built, immutable graph of sources, operators and sinks.
///
/// Make one with ``TopologyBuilder/build()``. A topology is a blueprint: the runtime instantiates it once per
/// task, so it can be shared freely between threads.
public struct Topology: Sendable, CustomStringConvertible {
    /// The nodes, parents before children.
    let nodes: [TopologyNode]

    /// The topics the topology reads, in the order their sources were added.
    public let sourceTopics: [String]

    /// The topics the topology writes, each once, in the order their first sinks were added.
    public let sinkTopics: [String]

    /// The topology as text: each sub-topology (a connected part of the graph) with its sources, processors and
    /// sinks, their topics, and the edges between them.
    public let description: String

    init(nodes: [TopologyNode]) {
        self.nodes = nodes
        var sources: [String] = []
        var sinks: [String] = []
        for node in nodes {
            switch node.role {
            case .source(let topic):
                sources.append(topic)
            case .sink(let topic):
                if !sinks.contains(topic) {
                    sinks.append(topic)
                }
            case .processor:
                break
            }
        }
        self.sourceTopics = sources
        self.sinkTopics = sinks
        self.description = Topology.describe(nodes)
    }
}
