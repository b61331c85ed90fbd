import SluiceKafka

/// The partition assignment strategy a topology runs with.
///
/// Cooperative-sticky is the default: a rebalance moves only the partitions that change owner, and the others
/// keep being processed. librdkafka has no hook for a custom assignor, and only its range assignor gives
/// partition N of every topic to the same member, so a topology with a sub-topology that reads several topics
/// together (a join, or a table beside a stream) must use the eager range strategy; it does so by default, and
/// an explicit cooperative-sticky is refused for it.
enum AssignmentChoice {
    /// The strategy for `topology`, and when the default fell back to eager, the sub-topology that made it.
    static func resolve(
        _ requested: KafkaConsumerConfiguration.AssignmentStrategy?,
        topology: Topology
    ) throws -> (strategy: KafkaConsumerConfiguration.AssignmentStrategy, coPartitioned: Subtopology?) {
        let joined = topology.subtopologies.first { $0.sourceTopics.count > 1 }
        switch (requested, joined) {
        case (nil, nil):
            return (.cooperativeSticky, nil)
        case (nil, let joined?):
            return (.eager, joined)
        case (let requested?, let joined?) where requested != .eager:
            throw ApplicationError(
                .invalidConfiguration,
                "sub-topology \(joined.index) reads \(joined.sourceTopics.joined(separator: ", ")) together, which "
                    + "needs co-partitioned assignment: use the eager (range) assignment strategy"
            )
        case (let requested?, _):
            return (requested, nil)
        }
    }
}
