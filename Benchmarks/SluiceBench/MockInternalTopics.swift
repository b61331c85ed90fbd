import Sluice

/// The internal topics of a stateful Sluice topology, which the harness creates itself on librdkafka's mock
/// cluster: the mock of librdkafka 2.0.2 names no controller, so the application's own CreateTopics request
/// fails with "Failed while waiting for controller" (the project's broker answers it).
enum MockInternalTopics {
    /// Repartition and changelog topics of `contestant`'s topology, each with `partitions` partitions (every
    /// sub-topology of the benchmark's topologies has one task per input partition).
    ///
    /// The watermark store of a sub-topology that reads a repartition topic is named `watermarks-<index>` by the
    /// runtime (`TaskState.watermarkStoreName`); this repeats that name.
    static func topics(for contestant: Contestant, inputTopic: String, partitions: Int) throws -> [(String, Int)] {
        let (topology, applicationID) = try BenchTopologies.make(contestant, inputTopic: inputTopic)
        let resolved = topology.resolved(applicationID: applicationID)
        var names = resolved.internalTopics
        names += resolved.storeNames.map { "\(applicationID)-\($0)-changelog" }
        for subtopology in resolved.subtopologies where !subtopology.internalSourceTopics.isEmpty {
            names.append("\(applicationID)-watermarks-\(subtopology.index)-changelog")
        }
        return names.map { ($0, partitions) }
    }
}
