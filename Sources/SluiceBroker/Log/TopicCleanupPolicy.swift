import Foundation

/// How a topic's old data goes away, read from its CreateTopics configuration.
struct TopicCleanupPolicy {
    /// `cleanup.policy` includes `delete`: batches older than ``retentionMilliseconds`` or beyond
    /// ``retentionBytes`` are deleted from the front.
    var deletes: Bool
    /// `cleanup.policy` includes `compact`: only the newest record of each key is kept.
    var compacts: Bool
    /// `retention.ms`; -1 keeps data forever (the default here, unlike Kafka's seven days).
    var retentionMilliseconds: Int64
    /// `retention.bytes` per partition; -1 for no limit (the default).
    var retentionBytes: Int64
    /// `delete.retention.ms`: how long a tombstone (a record with a null value) outlives compaction, counted
    /// from its timestamp. Default: one day.
    var tombstoneRetentionMilliseconds: Int64

    init(configs: [String: String]) {
        let policies = (configs["cleanup.policy"] ?? "delete").split(separator: ",").map {
            $0.trimmingCharacters(in: .whitespaces)
        }
        deletes = policies.contains("delete")
        compacts = policies.contains("compact")
        retentionMilliseconds = configs["retention.ms"].flatMap { Int64($0) } ?? -1
        retentionBytes = configs["retention.bytes"].flatMap { Int64($0) } ?? -1
        tombstoneRetentionMilliseconds = configs["delete.retention.ms"].flatMap { Int64($0) } ?? 86_400_000
    }
}
