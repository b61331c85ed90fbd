import Sluice

extension TopologyTestDriver {
    /// How many partitions each topic has and how many tasks each sub-topology runs, as the runtime would decide
    /// it at start.
    ///
    /// A topic the test lists in the driver's partition counts has that many partitions, any other outside topic
    /// one. A repartition topic not listed gets the largest partition count of the outside topics its reading
    /// sub-topology joins it with (tables included), or else the task count of the sub-topology writing it. A
    /// sub-topology runs as many tasks as its source topics' largest partition count.
    struct PartitionPlan {
        /// Partition counts of every topic the plan knows, repartition topics included.
        let topicPartitions: [String: Int]
        /// The task count of each sub-topology, by index.
        let taskCounts: [Int]
        /// The sub-topology reading each source topic.
        let readers: [String: Int]

        init(topology: Topology, partitionCounts: [String: Int]) {
            let subtopologies = topology.subtopologies
            var readers: [String: Int] = [:]
            var writers: [String: Int] = [:]
            for subtopology in subtopologies {
                for topic in subtopology.sourceTopics { readers[topic] = subtopology.index }
                for topic in subtopology.internalSinkTopics { writers[topic] = subtopology.index }
            }
            let internalTopics = Set(topology.internalTopics)

            var topicCache: [String: Int] = [:]
            var taskCache: [Int: Int] = [:]
            // The topology is acyclic, so neither recursion loops.
            func taskCount(_ index: Int) -> Int {
                if let known = taskCache[index] { return known }
                let count = subtopologies[index].sourceTopics.map(partitions).max() ?? 1
                taskCache[index] = max(1, count)
                return max(1, count)
            }
            func partitions(_ topic: String) -> Int {
                if let known = topicCache[topic] { return known }
                var count = 1
                if let listed = partitionCounts[topic] {
                    count = max(1, listed)
                } else if internalTopics.contains(topic) {
                    let joined =
                        readers[topic].map { reader in
                            subtopologies[reader].sourceTopics.filter { !internalTopics.contains($0) }
                        } ?? []
                    if !joined.isEmpty {
                        count = joined.map(partitions).max() ?? 1
                    } else if let writer = writers[topic] {
                        count = taskCount(writer)
                    }
                }
                topicCache[topic] = count
                return count
            }

            for topic in topology.sourceTopics + topology.internalTopics { _ = partitions(topic) }
            self.taskCounts = subtopologies.map { taskCount($0.index) }
            self.topicPartitions = partitionCounts.merging(topicCache) { _, planned in planned }
            self.readers = readers
        }
    }
}
