// MARK: - Description

extension Topology {
    /// Renders the nodes as text, one block per sub-topology.
    static func describe(_ nodes: [TopologyNode]) -> String {
        let groups = subTopologies(of: nodes)
        var lines: [String] = []
        for (number, group) in groups.enumerated() {
            lines.append("Sub-topology \(number)")
            for index in group {
                let node = nodes[index]
                switch node.role {
                case .source(let topic):
                    lines.append("  Source \(node.name) (topic: \(topic))")
                case .processor(let operation):
                    lines.append("  Processor \(node.name) (\(operation))")
                case .sink(let topic):
                    lines.append("  Sink \(node.name) (topic: \(topic))")
                }
                if !node.children.isEmpty {
                    lines.append("    --> " + node.children.map { nodes[$0].name }.joined(separator: ", "))
                }
                if !node.parents.isEmpty {
                    lines.append("    <-- " + node.parents.map { nodes[$0].name }.joined(separator: ", "))
                }
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The connected parts of the graph, each as sorted node indices, ordered by their first node.
    static func subTopologies(of nodes: [TopologyNode]) -> [[Int]] {
        var group = Array(nodes.indices)
        func root(_ index: Int) -> Int {
            var current = index
            while group[current] != current {
                group[current] = group[group[current]]
                current = group[current]
            }
            return current
        }
        for node in nodes {
            for parent in node.parents + node.reads {
                let (a, b) = (root(node.index), root(parent))
                group[max(a, b)] = min(a, b)
            }
        }

        var members: [Int: [Int]] = [:]
        for index in nodes.indices {
            members[root(index), default: []].append(index)
        }
        return members.keys.sorted().compactMap { members[$0] }
    }
}
