import SluiceKafka

/// A watermark as it travels in a repartition topic: which upstream task sent it, how many upstream tasks there
/// are, and the sender's event-time progress.
///
/// A task writing a repartition topic sends one to every partition of it inside its transaction, after the
/// records it covers. Readers take them out of the stream: operators never see them. The key is the task id;
/// the value is `<upstream tasks>:<time>`; the header ``header`` marks it.
struct WatermarkRecord: Sendable, Hashable {
    /// The header that marks a watermark record.
    static let header = "sluice.watermark"

    /// The sending task's id.
    var taskID: String
    /// How many tasks write the topic.
    var upstreamTasks: Int
    /// The sender's event-time progress, or ``EventTime/final``.
    var time: Int64

    /// Reads a watermark out of a record, or returns `nil` when the record is not one.
    init?(_ record: KafkaRecord) {
        guard !record.headers.isEmpty, record.header(Self.header) != nil, let key = record.key,
            let value = record.value
        else { return nil }
        let text = String(decoding: value, as: UTF8.self)
        let parts = text.split(separator: ":")
        guard parts.count == 2, let count = Int(parts[0]), let time = Int64(parts[1]) else { return nil }
        self.init(taskID: String(decoding: key, as: UTF8.self), upstreamTasks: count, time: time)
    }

    init(taskID: String, upstreamTasks: Int, time: Int64) {
        self.taskID = taskID
        self.upstreamTasks = upstreamTasks
        self.time = time
    }

    /// The record's key bytes.
    var keyBytes: [UInt8] { Array(taskID.utf8) }
    /// The record's value bytes.
    var valueBytes: [UInt8] { Array("\(upstreamTasks):\(time)".utf8) }
}
