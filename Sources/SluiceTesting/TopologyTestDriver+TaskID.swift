extension TopologyTestDriver {
    /// One task of a run: a sub-topology and a partition number, ordered by sub-topology, then partition.
    struct TaskID: Hashable, Comparable {
        /// The sub-topology's index in the topology.
        var subtopology: Int
        /// The partition number the task reads of every source topic of its sub-topology.
        var partition: Int32

        static func < (lhs: TaskID, rhs: TaskID) -> Bool {
            (lhs.subtopology, lhs.partition) < (rhs.subtopology, rhs.partition)
        }
    }
}
