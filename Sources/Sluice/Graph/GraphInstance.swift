/// The instantiation of a topology's nodes for one task, built once when the task starts.
///
/// Each node's input is made at most once, so a node fed by several parents (after a `merge`) is shared between
/// them. The lookups and casts here happen only while instantiating, never per record.
final class GraphInstance {
    /// The topology's nodes.
    let nodes: [TopologyNode]
    /// The metadata of the record being processed, and where sinks send their records.
    let context: RecordContext
    private var inputs: [Any?]

    init(nodes: [TopologyNode], context: RecordContext) {
        self.nodes = nodes
        self.context = context
        self.inputs = Array(repeating: nil, count: nodes.count)
    }

    /// The input of one node, typed as its maker promised.
    func input<Input>(of index: Int, as type: Input.Type = Input.self) -> Input {
        let made: Any
        if let existing = inputs[index] {
            made = existing
        } else {
            made = nodes[index].makeInput(nodes[index], self)
            inputs[index] = made
        }
        guard let input = made as? Input else {
            preconditionFailure("node '\(nodes[index].name)' takes \(Swift.type(of: made)), not \(Input.self)")
        }
        return input
    }

    /// The combined input of a node's children.
    func downstream<Key, Value>(of index: Int) -> Downstream<Key, Value> {
        let children: [Downstream<Key, Value>] = nodes[index].children.map { input(of: $0) }
        switch children.count {
        case 0:
            return .discard
        case 1:
            return children[0]
        case 2:
            let first = children[0].push
            let second = children[1].push
            return Downstream { key, value throws(ProcessingError) in
                try first(key, value)
                try second(key, value)
            }
        default:
            return Downstream { key, value throws(ProcessingError) in
                for child in children {
                    try child.push(key, value)
                }
            }
        }
    }
}
