/// What a replay changes in a topology: the topics its sinks write, and what its sources process.
extension Topology {
    /// The topology with every sink to a topic outside the application writing `topic + suffix` instead;
    /// repartition topics keep their names (a replay under a new application id gets its own anyway).
    /// - Parameter suffix: Appended to each output topic's name; an empty suffix returns the topology unchanged.
    /// - Returns: The renamed topology.
    package func withOutputSuffix(_ suffix: String) -> Topology {
        guard !suffix.isEmpty else { return self }
        let renamed = nodes.map { node -> TopologyNode in
            guard case .sink(let topic) = node.role, !node.isInternalTopic else { return node }
            var copy = node
            copy.role = .sink(topic: topic + suffix)
            return copy
        }
        return Topology(nodes: renamed)
    }

    /// The topology with each source of a topic from outside the application limited to what a replay
    /// processes; sources of repartition topics and tables are left alone.
    /// - Parameter bounds: The bounds of each source topic; a topic not listed is read without bounds.
    /// - Returns: The bounded topology.
    package func replaying(_ bounds: [String: ReplayBounds]) -> Topology {
        let bounded = nodes.map { node -> TopologyNode in
            guard case .source(let topic) = node.role, !node.isInternalTopic, !node.isTableSource,
                let limits = bounds[topic]
            else { return node }
            var copy = node
            copy.replay = limits
            return copy
        }
        return Topology(nodes: bounded)
    }

    /// The topics read as streams from outside the application: what a replay rewinds and bounds.
    package var streamSourceTopics: [String] {
        nodes.compactMap { node in
            guard case .source(let topic) = node.role, !node.isInternalTopic, !node.isTableSource else { return nil }
            return topic
        }
    }

    /// The topics read into tables: a replay reads them again from the beginning, whole, to rebuild the tables.
    package var tableSourceTopics: [String] {
        nodes.compactMap { node in
            guard case .source(let topic) = node.role, node.isTableSource else { return nil }
            return topic
        }
    }

    /// The largest ``StoreDefinition/lateness`` among the topology's stores, in milliseconds: how long past an
    /// event time a record of that time can still be placed in some window.
    package var largestLateness: Int64 {
        subtopologies.flatMap(\.stores).map(\.lateness).max() ?? 0
    }
}
