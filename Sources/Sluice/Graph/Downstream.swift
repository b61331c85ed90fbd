/// The input of the instantiated nodes that follow one node: a single closure, however many children there are.
struct Downstream<Key, Value> {
    /// Pushes one key and value into every child, in the order the children were attached.
    let push: (Key, Value) throws(ProcessingError) -> Void

    /// A downstream that drops every record, for a node with no children.
    static var discard: Downstream {
        Downstream { _, _ throws(ProcessingError) in }
    }
}
