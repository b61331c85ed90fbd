extension Topology {
    /// Instantiates the graph for one task.
    ///
    /// Every call gives an independent instance sharing only the user's `Sendable` closures and serdes, so tasks
    /// on different threads never share mutable state.
    /// - Parameter collector: Where the instance's sinks send records; the processor holds it strongly.
    /// - Returns: The task's processor.
    package func makeTaskProcessor(collector: any RecordCollector) -> TaskProcessor {
        let context = RecordContext(collector: collector)
        let instance = GraphInstance(nodes: nodes, context: context)
        var topics: [String] = []
        var inputs: [TaskProcessor.SourceInput] = []
        for node in nodes {
            guard case .source(let topic) = node.role else { continue }
            topics.append(topic)
            inputs.append(instance.input(of: node.index))
        }
        return TaskProcessor(context: context, sourceTopics: topics, sourceInputs: inputs)
    }
}
