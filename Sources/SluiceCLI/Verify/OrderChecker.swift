import SluiceKafka

/// Decides, record by record, whether a topic's records keep their per-key order, and counts what does not.
///
/// It holds no I/O: feed it records with ``check(_:)`` in each partition's offset order (partitions may
/// interleave) and read ``report`` at the end.
///
/// Kafka orders records only within a partition, so a key's records are compared with the earlier records of
/// that key in the same partition. Each record is compared with the highest value seen before it for its key:
/// a record below it is an order violation and a record equal to it a duplicate, so one record replayed
/// after later ones counts as an order violation.
///
/// - Important: In provenance mode, a duplicate is recognised by a 64-bit hash of the record's key and value
///   among the outputs of the same input record, so an application that writes the same key and value twice
///   for one input on purpose is reported too.
struct OrderChecker {
    /// What the records are checked against.
    let mode: VerifyMode

    /// The counts and examples so far.
    private(set) var report: VerifyReport

    /// Per partition and key, the highest sequence seen and the offset it was seen at (sequence mode).
    private var highestSequences: [SequenceSlot: (sequence: Int64, offset: Int64)] = [:]
    private var sequenceKeys: Set<String> = []

    /// Per output partition, source partition and record key, the highest source offset seen and the offset of
    /// the output that carried it (provenance mode).
    private var highestSources: [SourceSlot: (source: Int64, offset: Int64)] = [:]
    /// The place of the first output of each (source record, key, value) seen (provenance mode).
    private var firstOutputs: [OutputFingerprint: VerifyReport.RecordPlace] = [:]
    private var recordKeys: Set<[UInt8]?> = []

    /// Creates a checker with an empty report.
    ///
    /// - Parameters:
    ///   - topic: The topic being verified, for the report.
    ///   - mode: What the records are checked against.
    init(topic: String, mode: VerifyMode) {
        self.mode = mode
        report = VerifyReport(topic: topic, mode: mode.summary)
    }

    /// Checks one record against the records of its key seen before it.
    ///
    /// - Parameter record: The next record of its partition.
    mutating func check(_ record: KafkaRecord) {
        report.records += 1
        switch mode {
        case .sequence(let keyField, let sequenceField, let expectsContiguous):
            guard let value = SequencedValue(record.value, keyField: keyField, sequenceField: sequenceField) else {
                let detail =
                    "the value is not a JSON object with an integer '\(sequenceField)' and a string or number "
                    + "'\(keyField)'"
                report.record(finding(.unreadable, record, key: nil, detail))
                return
            }
            checkSequence(value, of: record, expectsContiguous: expectsContiguous)
        case .provenance:
            guard let provenance = ProvenanceHeader(of: record) else {
                let detail = "no readable '\(ProvenanceHeader.name)' header (topic:partition:offset)"
                report.record(finding(.unreadable, record, key: nil, detail))
                return
            }
            checkProvenance(provenance, of: record)
        }
    }

    private mutating func checkSequence(_ value: SequencedValue, of record: KafkaRecord, expectsContiguous: Bool) {
        if sequenceKeys.insert(value.key).inserted {
            report.keys = sequenceKeys.count
        }
        let slot = SequenceSlot(partition: record.partition, key: value.key)
        guard let highest = highestSequences[slot] else {
            highestSequences[slot] = (value.sequence, record.offset)
            return
        }

        if value.sequence < highest.sequence {
            let detail = "sequence \(value.sequence) after \(highest.sequence) (offset \(highest.offset))"
            report.record(finding(.orderViolation, record, key: value.key, detail))
        } else if value.sequence == highest.sequence {
            let detail = "sequence \(value.sequence) repeats offset \(highest.offset)"
            report.record(finding(.duplicate, record, key: value.key, detail))
        } else {
            if expectsContiguous && value.sequence - highest.sequence > 1 {
                let first = highest.sequence + 1
                let last = value.sequence - 1
                let missing = first == last ? "\(first) is missing" : "\(first)...\(last) are missing"
                let detail = "sequence \(value.sequence) after \(highest.sequence): \(missing)"
                report.record(finding(.gap, record, key: value.key, detail))
            }
            highestSequences[slot] = (value.sequence, record.offset)
        }
    }

    private mutating func checkProvenance(_ provenance: ProvenanceHeader, of record: KafkaRecord) {
        if recordKeys.insert(record.key).inserted {
            report.keys = recordKeys.count
        }
        let key = Self.text(of: record.key)

        let fingerprint = OutputFingerprint(
            source: provenance.source,
            offset: provenance.offset,
            contentHash: OutputFingerprint.hash(key: record.key, value: record.value)
        )
        if let first = firstOutputs[fingerprint] {
            let detail =
                "source \(provenance.description) was already written with this key and value at partition "
                + "\(first.partition) offset \(first.offset)"
            report.record(finding(.duplicate, record, key: key, detail))
            return
        }
        firstOutputs[fingerprint] = VerifyReport.RecordPlace(partition: record.partition, offset: record.offset)

        // Equal source offsets are fine: one input record may cause several outputs with the same key.
        let slot = SourceSlot(partition: record.partition, source: provenance.source, key: record.key)
        if let highest = highestSources[slot], provenance.offset < highest.source {
            let detail =
                "source \(provenance.description) after source offset \(highest.source) (offset \(highest.offset))"
            report.record(finding(.orderViolation, record, key: key, detail))
        } else {
            highestSources[slot] = (provenance.offset, record.offset)
        }
    }

    private func finding(
        _ kind: VerifyFinding.Kind,
        _ record: KafkaRecord,
        key: String?,
        _ detail: String
    ) -> VerifyFinding {
        VerifyFinding(kind: kind, partition: record.partition, offset: record.offset, key: key, detail: detail)
    }

    /// A record key as text: UTF-8 as it is, other bytes as `0x` and hex digits, nil for a null key.
    static func text(of key: [UInt8]?) -> String? {
        guard let key else { return nil }
        if let text = String(validating: key, as: UTF8.self) {
            return text
        }
        return "0x" + key.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
    }
}

// MARK: - State keys

extension OrderChecker {
    /// A key within one partition of the verified topic (sequence mode).
    private struct SequenceSlot: Hashable {
        var partition: Int32
        var key: String
    }

    /// A record key within one output partition, for one source partition (provenance mode).
    private struct SourceSlot: Hashable {
        var partition: Int32
        var source: TopicPartition
        var key: [UInt8]?
    }

    /// An output of one input record, told apart from the other outputs of that input by its key and value.
    private struct OutputFingerprint: Hashable {
        var source: TopicPartition
        var offset: Int64
        var contentHash: UInt64

        /// FNV-1a over the key and the value, each preceded by its length (-1 for null) so that moving bytes
        /// from the key to the value changes the hash.
        static func hash(key: [UInt8]?, value: [UInt8]?) -> UInt64 {
            var hash: UInt64 = 0xcbf2_9ce4_8422_2325
            func mix(_ byte: UInt8) {
                hash ^= UInt64(byte)
                hash &*= 0x0000_0100_0000_01b3
            }
            for field in [key, value] {
                let length = UInt32(truncatingIfNeeded: field.map(\.count) ?? -1)
                for shift in stride(from: 0, to: 32, by: 8) { mix(UInt8(truncatingIfNeeded: length >> shift)) }
                field?.forEach(mix)
            }
            return hash
        }
    }
}
