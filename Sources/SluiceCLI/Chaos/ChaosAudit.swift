import SluiceKafka

/// The checks of the crash harness over what a read_committed reader sees in the output topics.
///
/// Every output carries the provenance header `topic:partition:offset` of the input that caused it. For the
/// one-to-one flights pipeline each input must appear exactly once across the outputs, with the same topic, key
/// and value as an uninterrupted run gives it, and within each output partition the records of each source
/// partition must appear in increasing source offset.
struct ChaosAudit {
    struct Expected: Hashable {
        var topic: String
        var key: [UInt8]?
        var value: [UInt8]?
    }

    var inputs = 0
    var outputs = 0
    var duplicates = 0
    var missing = 0
    var mismatches = 0
    var orderViolations = 0
    var examples: [String] = []

    /// Audits `outputs` against `expected` (input provenance to its outputs in an uninterrupted run).
    init(expected: [String: [Expected]], outputs records: [KafkaRecord]) {
        inputs = expected.count
        outputs = records.count
        var seen: [String: [Expected]] = [:]
        var lastSourceOffset: [String: Int64] = [:]

        for record in records {
            guard let provenance = record.header("sluice.provenance")?.stringValue else {
                mismatches += 1
                note("output \(record.topic)-\(record.partition)@\(record.offset) has no provenance header")
                continue
            }
            seen[provenance, default: []].append(Expected(topic: record.topic, key: record.key, value: record.value))

            let parts = provenance.split(separator: ":")
            guard parts.count == 3, let sourceOffset = Int64(parts[2]) else { continue }
            let lane = "\(record.topic)-\(record.partition)<-\(parts[0])-\(parts[1])"
            if let previous = lastSourceOffset[lane], previous >= sourceOffset {
                orderViolations += 1
                note("order: \(lane) had source offset \(previous) before \(sourceOffset)")
            }
            lastSourceOffset[lane] = sourceOffset
        }

        for (provenance, want) in expected {
            guard let got = seen[provenance] else {
                if !want.isEmpty {
                    missing += 1
                    note("missing: no output for input \(provenance)")
                }
                continue
            }
            if got.count > want.count {
                duplicates += got.count - want.count
                note("duplicate: input \(provenance) has \(got.count) outputs, expected \(want.count)")
            }
            if Set(got) != Set(want) {
                mismatches += 1
                note("mismatch: input \(provenance) gave outputs unlike an uninterrupted run")
            }
        }
        for provenance in seen.keys where expected[provenance] == nil {
            mismatches += 1
            note("unexpected: output for unknown input \(provenance)")
        }
    }

    var isClean: Bool {
        duplicates == 0 && missing == 0 && mismatches == 0 && orderViolations == 0
    }

    private mutating func note(_ line: String) {
        if examples.count < 10 { examples.append(line) }
    }
}
