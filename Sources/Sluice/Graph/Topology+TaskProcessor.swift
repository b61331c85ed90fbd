extension Topology {
    /// Instantiates one sub-topology for one task.
    ///
    /// Every call gives an independent instance sharing only the user's `Sendable` closures and serdes, so tasks
    /// on different threads never share mutable state.
    /// - Parameters:
    ///   - subtopology: The sub-topology's index, or `nil` for every source of the topology (one task per
    ///     partition number running the whole graph, as the test driver does).
    ///   - collector: Where the instance's sinks send records; the processor holds it strongly.
    ///   - state: The task's stores and event time, for a sub-topology that keeps state or time.
    /// - Returns: The task's processor.
    package func makeTaskProcessor(
        subtopology: Int? = nil,
        collector: any RecordCollector,
        state: TaskState? = nil
    ) -> TaskProcessor {
        let context = RecordContext(collector: collector, state: state)
        let instance = GraphInstance(nodes: nodes, context: context)
        let members = subtopology.map { Set(subtopologies[$0].nodes) }
        var topics: [String] = []
        var inputs: [TaskProcessor.SourceInput] = []
        var internals: [Bool] = []
        for node in nodes where members?.contains(node.index) ?? true {
            guard case .source(let topic) = node.role else { continue }
            topics.append(topic)
            inputs.append(instance.input(of: node.index))
            internals.append(node.isInternalTopic)
        }
        return TaskProcessor(context: context, sourceTopics: topics, sourceInputs: inputs, sourceIsInternal: internals)
    }
}
