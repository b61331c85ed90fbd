import Sluice
import SluiceKafka

/// Reads `--from` and `--to` values: `beginning`, a timestamp (ISO 8601, `2013-06-01T00:00:00Z`, or epoch
/// milliseconds), or offsets `TOPIC:PARTITION:OFFSET,...`.
enum ReplayPositionArgument {
    /// Parses one value.
    /// - Parameters:
    ///   - text: The option's value.
    ///   - option: The option's name with its dashes, for messages.
    /// - Returns: The position.
    /// - Throws: ``CommandLineError`` for anything else.
    static func parse(_ text: String, option: String) throws -> ReplayPosition {
        if text == "beginning" {
            return .beginning
        }
        if let milliseconds = TimestampParser.milliseconds(text) {
            return .timestamp(milliseconds)
        }
        var offsets: [TopicPartition: Int64] = [:]
        for item in text.split(separator: ",", omittingEmptySubsequences: false) {
            // Topic names cannot hold a colon, so the last two fields are the partition and the offset.
            let fields = item.split(separator: ":", omittingEmptySubsequences: false)
            guard fields.count >= 3, let partition = Int32(fields[fields.count - 2]), partition >= 0,
                let offset = Int64(fields[fields.count - 1]), offset >= 0,
                case let topic = fields.dropLast(2).joined(separator: ":"), !topic.isEmpty
            else {
                throw CommandLineError(
                    "invalid value '\(text)' for '\(option)': expected 'beginning', a timestamp (ISO 8601 such as "
                        + "2013-06-01T00:00:00Z, or epoch milliseconds) or TOPIC:PARTITION:OFFSET,...",
                    hint: "see 'sluice replay --help'"
                )
            }
            let key = TopicPartition(topic: topic, partition: partition)
            guard offsets.updateValue(offset, forKey: key) == nil else {
                throw CommandLineError("'\(option)' names \(key) twice", hint: "see 'sluice replay --help'")
            }
        }
        return .offsets(offsets)
    }
}
