import SluiceKafka

/// The `sluice.provenance` header a Sluice application stamps on every output record: the place of the input
/// record that caused it, written as `topic:partition:offset`.
struct ProvenanceHeader: Sendable, Hashable {
    /// The header's key.
    static let name = "sluice.provenance"

    /// The source (input) partition.
    var source: TopicPartition

    /// The offset of the input record in ``source``.
    var offset: Int64

    /// Reads the header of a record.
    ///
    /// Topic names cannot contain a colon, so the last two fields are the partition and the offset.
    ///
    /// - Parameter record: An output record of a Sluice application.
    /// - Returns: The provenance, or nil when the header is missing or malformed.
    init?(of record: KafkaRecord) {
        guard let text = record.header(Self.name)?.stringValue else { return nil }
        let fields = text.split(separator: ":", omittingEmptySubsequences: false)
        guard fields.count >= 3,
            let partition = Int32(fields[fields.count - 2]), partition >= 0,
            let offset = Int64(fields[fields.count - 1]), offset >= 0
        else { return nil }
        let topic = fields.dropLast(2).joined(separator: ":")
        guard !topic.isEmpty else { return nil }
        source = TopicPartition(topic: topic, partition: partition)
        self.offset = offset
    }

    /// `topic:partition:offset`, as written in the header.
    var description: String { "\(source.topic):\(source.partition):\(offset)" }
}
