import SluiceKafka

/// The partition counts of a topology's internal topics and tasks, worked out from the topics it reads.
///
/// A task reads one partition of every source topic of its sub-topology, so those topics must have equal
/// partition counts. A repartition topic takes the count of the topics it is joined with in the sub-topology
/// reading it; failing that, the largest count of the sub-topology writing it. A changelog has one partition per
/// task of its store's sub-topology.
struct InternalTopicPlan {
    /// Partition counts of repartition and changelog topics.
    private(set) var internalTopics: [String: Int] = [:]
    /// The names of the changelog topics.
    private(set) var changelogTopics: Set<String> = []
    /// Tasks per sub-topology.
    private(set) var taskCounts: [Int: Int] = [:]

    /// Works out the plan.
    /// - Parameters:
    ///   - topology: The topology, resolved for the application.
    ///   - applicationID: The application id, which prefixes changelog names.
    ///   - known: Partition counts of the topics that exist.
    /// - Throws: ``ApplicationError`` when a sub-topology reads topics with unequal partition counts.
    init(topology: Topology, applicationID: String, known: [String: Int]) throws {
        var counts: [String: Int] = [:]
        for topic in topology.sourceTopics where !topology.internalTopics.contains(topic) {
            counts[topic] = known[topic]
        }
        var changed = true
        while changed {
            changed = false
            for sub in topology.subtopologies {
                let external = sub.sourceTopics.filter { !sub.internalSourceTopics.contains($0) }
                for topic in sub.internalSourceTopics where counts[topic] == nil {
                    if let existing = known[topic] {
                        counts[topic] = existing
                    } else if let joined = external.compactMap({ counts[$0] }).max() {
                        counts[topic] = joined
                    } else if let writer = topology.subtopologies.first(where: { $0.internalSinkTopics.contains(topic) }
                    ),
                        writer.sourceTopics.allSatisfy({ counts[$0] != nil })
                    {
                        counts[topic] = writer.sourceTopics.compactMap { counts[$0] }.max()
                    }
                    changed = changed || counts[topic] != nil
                }
            }
        }
        for sub in topology.subtopologies {
            let sized = sub.sourceTopics.map { ($0, counts[$0]) }
            if let unknown = sized.first(where: { $0.1 == nil }) {
                throw ApplicationError(
                    .invalidConfiguration,
                    "cannot size repartition topic '\(unknown.0)': nothing upstream of it has a known partition count"
                )
            }
            let distinct = Set(sized.compactMap(\.1))
            if distinct.count > 1 {
                let list = sized.map { "\($0.0) (\($0.1 ?? 0))" }.joined(separator: ", ")
                throw ApplicationError(
                    .invalidConfiguration,
                    "sub-topology \(sub.index) joins or aggregates topics with unequal partition counts: \(list); "
                        + "they must be co-partitioned (equal partition counts, keyed alike)"
                )
            }
            let tasks = distinct.first ?? 1
            taskCounts[sub.index] = tasks
            for topic in sub.internalSourceTopics { internalTopics[topic] = counts[topic] }
            var stores = sub.stores
            if !sub.internalSourceTopics.isEmpty {
                stores.append(
                    StoreDefinition(name: TaskState.watermarkStoreName(subtopology: sub.index), kind: .keyValue)
                )
            }
            for store in stores {
                let changelog = store.changelogTopic(applicationID: applicationID)
                internalTopics[changelog] = tasks
                changelogTopics.insert(changelog)
            }
        }
    }
}
