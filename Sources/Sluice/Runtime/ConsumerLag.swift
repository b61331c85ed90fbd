import Foundation
import SluiceKafka

/// Consumer lag per assigned partition, computed from librdkafka's statistics: the end offset a read_committed
/// reader can reach (the last stable offset) minus the consumer's position.
///
/// librdkafka's own `consumer_lag` field uses the committed offset, which for a consumer whose offsets are
/// committed through transactions lags behind by a commit interval; the position is what has been processed.
enum ConsumerLag {
    struct Sample: Hashable {
        var partition: TopicPartition
        var lag: Int64
    }

    /// Parses one statistics JSON document into lag samples for the partitions being fetched.
    static func samples(fromStatistics json: String) -> [Sample] {
        guard let data = json.data(using: .utf8),
            let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            let topics = root["topics"] as? [String: Any]
        else { return [] }

        var samples: [Sample] = []
        for (topic, value) in topics {
            guard let partitions = (value as? [String: Any])?["partitions"] as? [String: Any] else { continue }
            for (key, entry) in partitions {
                guard let index = Int32(key), index >= 0, let fields = entry as? [String: Any],
                    (fields["fetch_state"] as? String) == "active",
                    let end = (fields["ls_offset"] as? NSNumber)?.int64Value
                else { continue }
                let position = (fields["app_offset"] as? NSNumber)?.int64Value ?? -1
                let committed = (fields["committed_offset"] as? NSNumber)?.int64Value ?? -1
                let consumed = position >= 0 ? position : committed
                guard end >= 0, consumed >= 0 else { continue }
                samples.append(
                    Sample(partition: TopicPartition(topic: topic, partition: index), lag: max(end - consumed, 0))
                )
            }
        }
        return samples
    }
}
