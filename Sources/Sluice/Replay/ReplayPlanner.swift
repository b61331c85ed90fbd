import Foundation
import SluiceKafka

/// Works out a replay's offsets against the cluster: where each source partition starts and ends, and what the
/// original application has committed. Used for the plan (a dry run, a reset) and again when the replay runs,
/// for the ends.
struct ReplayPlanner {
    /// The topology, not yet resolved for an application id.
    let topology: Topology
    /// The configuration of the application that runs the replay.
    let configuration: ApplicationConfiguration
    /// What to replay.
    let options: ReplayOptions

    /// The application whose input is replayed.
    var originalApplicationID: String { options.originalApplicationID ?? configuration.applicationID }

    /// The stream partitions' ends and each stream source's bounds, for a replay that is starting to run.
    ///
    /// Without a `to`, a replay is a bounded run like any other: it ends once the input it had at start is
    /// processed, and records arriving meanwhile are processed too, so a replay in place skips nothing. With a
    /// `to`, records past each partition's end are dropped at the source.
    func runBounds() throws -> (ends: [TopicPartition: Int64], bounds: [String: ReplayBounds]) {
        try withCluster { cluster in
            var ignored: [String] = []
            let ends = options.to == nil ? [:] : try self.ends(cluster, notes: &ignored)
            var bounds: [String: ReplayBounds] = [:]
            for topic in topology.streamSourceTopics {
                var perPartition: [Int32: Int64] = [:]
                for (partition, end) in ends where partition.topic == topic { perPartition[partition.partition] = end }
                bounds[topic] = ReplayBounds(eventTimes: options.eventTimes, endOffsets: perPartition)
            }
            return (ends, bounds)
        }
    }

    /// The whole plan.
    func plan() throws -> ReplayPlan {
        try withCluster { cluster in
            var notes: [String] = []
            let committed = try cluster.committed(group: originalApplicationID, cluster.streamPartitions)
            try checkOriginalExists(cluster, committed: committed)
            let starts = try self.starts(cluster, committed: committed, notes: &notes)
            let ends = try self.ends(cluster, notes: &notes)

            let partitions = cluster.streamPartitions.map { partition in
                let marks = cluster.marks[partition] ?? (0, 0)
                let start = starts[partition] ?? marks.high
                return ReplayPlan.Partition(
                    partition: partition,
                    committed: committed[partition],
                    start: start,
                    end: max(start, ends[partition] ?? marks.high),
                    earliest: marks.low,
                    latest: marks.high
                )
            }
            let tables = cluster.tablePartitions.map { partition in
                let marks = cluster.marks[partition] ?? (0, 0)
                return ReplayPlan.Partition(
                    partition: partition,
                    committed: nil,
                    start: marks.low,
                    end: marks.high,
                    earliest: marks.low,
                    latest: marks.high
                )
            }
            if partitions.allSatisfy({ $0.records == 0 }) {
                notes.append("nothing to replay: every partition's start is at or past its end")
            }
            let internalPlan = try InternalTopicPlan(
                topology: topology.resolved(applicationID: configuration.applicationID),
                applicationID: configuration.applicationID,
                known: cluster.known
            )
            return ReplayPlan(
                applicationID: configuration.applicationID,
                originalApplicationID: originalApplicationID,
                options: options,
                lateness: topology.largestLateness,
                partitions: partitions,
                tables: tables,
                internalTopics: internalPlan.internalTopics.keys.sorted(),
                stateDirectory: StateDirectory(
                    root: configuration.stateDirectory,
                    applicationID: configuration.applicationID,
                    engine: configuration.storeEngine
                ).path,
                notes: notes
            )
        }
    }

    // MARK: - Starts and ends

    private func starts(_ cluster: ReplayCluster, committed: [TopicPartition: Int64], notes: inout [String]) throws
        -> [TopicPartition: Int64]
    {
        var starts: [TopicPartition: Int64] = [:]
        if let time = options.from.timestamp {
            let found = try cluster.firstOffsets(reaching: time, in: cluster.streamPartitions)
            var beforeEarliest: [TopicPartition] = []
            var afterEnd: [TopicPartition] = []
            for partition in cluster.streamPartitions {
                let marks = cluster.marks[partition] ?? (0, 0)
                let start = found[partition] ?? marks.high
                starts[partition] = start
                guard marks.high > marks.low else { continue }
                if start == marks.low {
                    beforeEarliest.append(partition)
                } else if start == marks.high {
                    afterEnd.append(partition)
                }
            }
            let text = ReplayPlanner.timestampText(time)
            if !beforeEarliest.isEmpty {
                notes.append(
                    "from \(text) is at or before the earliest retained record of "
                        + "\(Self.list(beforeEarliest)): starting there at the earliest offset"
                )
            }
            if !afterEnd.isEmpty {
                notes.append(
                    "from \(text) is after the last record of \(Self.list(afterEnd)): nothing to replay there"
                )
            }
        } else if let given = options.from.offsets {
            try checkNamed(given.keys, cluster: cluster, option: "from")
            for partition in cluster.streamPartitions {
                let marks = cluster.marks[partition] ?? (0, 0)
                if let offset = given[partition] {
                    starts[partition] = clamp(offset, partition, marks, option: "from", notes: &notes)
                } else if let offset = committed[partition], offset >= marks.low, offset <= marks.high {
                    starts[partition] = offset
                } else {
                    starts[partition] = marks.low
                }
            }
        } else {
            for partition in cluster.streamPartitions { starts[partition] = cluster.marks[partition]?.low ?? 0 }
        }
        return starts
    }

    private func ends(_ cluster: ReplayCluster, notes: inout [String]) throws
        -> [TopicPartition: Int64]
    {
        var ends: [TopicPartition: Int64] = [:]
        for partition in cluster.streamPartitions { ends[partition] = cluster.marks[partition]?.high ?? 0 }
        if let time = options.to?.timestamp {
            // Read on until records reach the end plus the lateness, so out-of-order records before it still count.
            let reach = time.saturatingAdding(topology.largestLateness)
            let found = try cluster.firstOffsets(reaching: reach, in: cluster.streamPartitions)
            ends.merge(found) { _, new in new }
        } else if let given = options.to?.offsets {
            try checkNamed(given.keys, cluster: cluster, option: "to")
            for (partition, offset) in given.sorted(by: { $0.key < $1.key }) {
                let marks = cluster.marks[partition] ?? (0, 0)
                ends[partition] = clamp(offset, partition, marks, option: "to", notes: &notes)
            }
        }
        return ends
    }

    /// An offset moved into the partition's range, with a note when it had to move.
    private func clamp(
        _ offset: Int64,
        _ partition: TopicPartition,
        _ marks: (low: Int64, high: Int64),
        option: String,
        notes: inout [String]
    ) -> Int64 {
        if offset < marks.low {
            notes.append(
                "the \(option) offset \(offset) of \(partition) is before its earliest retained offset \(marks.low): "
                    + "using \(marks.low)"
            )
            return marks.low
        }
        if offset > marks.high {
            notes.append(
                "the \(option) offset \(offset) of \(partition) is past its end \(marks.high): using \(marks.high)"
            )
            return marks.high
        }
        return offset
    }

    /// Refuses offsets of partitions the topology does not read as streams.
    private func checkNamed(_ named: Dictionary<TopicPartition, Int64>.Keys, cluster: ReplayCluster, option: String)
        throws
    {
        let known = Set(cluster.streamPartitions)
        for partition in named.sorted() where !known.contains(partition) {
            if topology.streamSourceTopics.contains(partition.topic) {
                throw ApplicationError(
                    .unknownTopic,
                    "the \(option) offsets name partition \(partition.partition) of '\(partition.topic)', which has "
                        + "\(cluster.known[partition.topic] ?? 0) partitions"
                )
            }
            throw ApplicationError(
                .unknownTopic,
                "the \(option) offsets name topic '\(partition.topic)', which the application does not read as a "
                    + "stream (it reads \(topology.streamSourceTopics.joined(separator: ", ")))"
            )
        }
    }

    /// Refuses to replay an application that never ran on the cluster: no committed offsets, no internal topics.
    private func checkOriginalExists(_ cluster: ReplayCluster, committed: [TopicPartition: Int64]) throws {
        guard committed.isEmpty else { return }
        let original = try InternalTopicPlan(
            topology: topology.resolved(applicationID: originalApplicationID),
            applicationID: originalApplicationID,
            known: cluster.known
        )
        guard !original.internalTopics.keys.contains(where: { cluster.known[$0] != nil }) else { return }
        throw ApplicationError(
            .unknownApplication,
            "unknown application '\(originalApplicationID)' on \(cluster.servers): it has no committed offsets on "
                + "\(topology.streamSourceTopics.joined(separator: ", ")) and none of its internal topics exist; "
                + "check the application id, or run the application once before replaying it"
        )
    }

    // MARK: - Support

    private func withCluster<Result>(_ body: (ReplayCluster) throws -> Result) throws -> Result {
        if let problem = options.problem { throw ApplicationError(.invalidConfiguration, problem) }
        let cluster = try ReplayCluster(configuration: configuration, topology: topology)
        defer { cluster.close() }
        return try body(cluster)
    }

    /// `topic partitions a, b, c`, grouped by topic.
    static func list(_ partitions: [TopicPartition]) -> String {
        Dictionary(grouping: partitions, by: \.topic).sorted { $0.key < $1.key }.map { topic, members in
            let numbers = members.map(\.partition).sorted().map(String.init).joined(separator: ", ")
            return "\(topic) (partition\(members.count == 1 ? "" : "s") \(numbers))"
        }.joined(separator: ", ")
    }

    /// A time in ISO 8601 UTC, as notes print it.
    static func timestampText(_ milliseconds: Int64) -> String {
        UTCTimestamp.string(Date(timeIntervalSince1970: Double(milliseconds) / 1000))
    }
}
