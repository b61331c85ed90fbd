/// A connected part of a topology: the nodes one task runs.
///
/// Repartition topics cut a topology into sub-topologies: the part before writes the topic, the part after reads
/// it. A task is one sub-topology and one partition number, and reads that partition of every source topic of its
/// sub-topology, so topics joined or aggregated together must have equal partition counts (co-partitioning).
package struct Subtopology: Sendable {
    /// Its position in the topology, ordered by first node.
    package let index: Int
    /// Its nodes, parents before children.
    let nodes: [Int]
    /// Every topic its sources read.
    package let sourceTopics: [String]
    /// The repartition topics among them, which carry watermarks.
    package let internalSourceTopics: [String]
    /// The topics read into tables, which a task reads to their end before its other topics.
    package let tableSourceTopics: [String]
    /// The repartition topics its sinks write, to which its tasks send watermarks.
    package let internalSinkTopics: [String]
    /// The stores its nodes own.
    package let stores: [StoreDefinition]

    /// Whether any node keeps state or time: such a task is restored and checkpointed.
    package var isStateful: Bool { !stores.isEmpty || !internalSourceTopics.isEmpty }

    /// The task id of one partition: `<sub-topology>_<partition>`.
    package func taskID(partition: Int32) -> String {
        "\(index)_\(partition)"
    }
}

extension Topology {
    /// Groups nodes into sub-topologies.
    static func makeSubtopologies(_ nodes: [TopologyNode]) -> [Subtopology] {
        subTopologies(of: nodes).enumerated().map { number, members in
            var sources: [String] = []
            var internalSources: [String] = []
            var tables: [String] = []
            var internalSinks: [String] = []
            var stores: [StoreDefinition] = []
            for index in members {
                let node = nodes[index]
                stores += node.stores
                switch node.role {
                case .source(let topic):
                    sources.append(topic)
                    if node.isInternalTopic { internalSources.append(topic) }
                    if node.isTableSource { tables.append(topic) }
                case .sink(let topic):
                    if node.isInternalTopic && !internalSinks.contains(topic) { internalSinks.append(topic) }
                case .processor:
                    break
                }
            }
            return Subtopology(
                index: number,
                nodes: members,
                sourceTopics: sources,
                internalSourceTopics: internalSources,
                tableSourceTopics: tables,
                internalSinkTopics: internalSinks,
                stores: stores
            )
        }
    }
}
