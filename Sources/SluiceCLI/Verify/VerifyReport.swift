/// What `sluice verify` found in a topic: counts per kind of problem and the first examples.
struct VerifyReport: Sendable, Equatable, Encodable {
    /// How many examples the report keeps; the counts go on past it.
    static let exampleLimit = 10

    /// The place of a record that could not be read.
    struct RecordPlace: Sendable, Equatable, Encodable {
        /// The record's partition.
        var partition: Int32

        /// The record's offset.
        var offset: Int64
    }

    /// The verified topic.
    var topic: String

    /// What the records were checked against, as ``VerifyMode/summary`` says it.
    var mode: String

    /// Records read, readable or not.
    var records = 0

    /// Distinct keys among the readable records.
    var keys = 0

    /// Records that come before one already seen for their key.
    var orderViolations = 0

    /// Records that repeat one already seen for their key.
    var duplicates = 0

    /// Holes in a key's sequence (only with `--expect-contiguous`).
    var gaps = 0

    /// Records that cannot be read in the chosen mode.
    var unreadable = 0

    /// Offsets past the last stable offset when reading began, over all partitions: records (and markers) of
    /// transactions still open, which a read_committed reader cannot see yet and so were not checked.
    var pastStableOffset: Int64 = 0

    /// The first ``exampleLimit`` order violations, duplicates and gaps, in the order they were found.
    var examples: [VerifyFinding] = []

    /// The first ``exampleLimit`` records that could not be read.
    var unreadableRecords: [RecordPlace] = []

    /// Creates an empty report.
    ///
    /// - Parameters:
    ///   - topic: The verified topic.
    ///   - mode: What the records are checked against.
    init(topic: String, mode: String) {
        self.topic = topic
        self.mode = mode
    }

    /// Whether nothing is wrong: no order violation, duplicate, gap or unreadable record.
    var isClean: Bool {
        orderViolations == 0 && duplicates == 0 && gaps == 0 && unreadable == 0
    }

    /// Counts a finding and keeps it while there is room for examples.
    ///
    /// - Parameter finding: The problem found.
    mutating func record(_ finding: VerifyFinding) {
        switch finding.kind {
        case .orderViolation: orderViolations += 1
        case .duplicate: duplicates += 1
        case .gap: gaps += 1
        case .unreadable:
            unreadable += 1
            if unreadableRecords.count < Self.exampleLimit {
                unreadableRecords.append(RecordPlace(partition: finding.partition, offset: finding.offset))
            }
            return
        }
        if examples.count < Self.exampleLimit {
            examples.append(finding)
        }
    }
}

// MARK: - Encodable

extension VerifyReport {
    private enum CodingKeys: String, CodingKey {
        case topic, mode, records, keys, orderViolations, duplicates, gaps, unreadable, examples
        case unreadableRecords, pastStableOffset, clean
    }

    /// Encodes the counts, the examples and a `clean` flag (which says nothing of ``pastStableOffset``).
    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(topic, forKey: .topic)
        try container.encode(mode, forKey: .mode)
        try container.encode(records, forKey: .records)
        try container.encode(keys, forKey: .keys)
        try container.encode(orderViolations, forKey: .orderViolations)
        try container.encode(duplicates, forKey: .duplicates)
        try container.encode(gaps, forKey: .gaps)
        try container.encode(unreadable, forKey: .unreadable)
        try container.encode(examples, forKey: .examples)
        try container.encode(unreadableRecords, forKey: .unreadableRecords)
        try container.encode(pastStableOffset, forKey: .pastStableOffset)
        try container.encode(isClean, forKey: .clean)
    }
}
