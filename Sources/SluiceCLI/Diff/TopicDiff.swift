import SluiceKafka

/// Compares the records of two topics, as `sluice diff` does.
///
/// As streams: each record is put in the group of its provenance source partition (the `sluice.provenance`
/// header's topic and partition; records without one form one group per output partition), and each group's
/// records are taken in order (by output partition, then offset, which is the order one task wrote them in).
/// Records at the same place in a group must have the same output partition, key, value and headers, the
/// provenance and trace headers left out; when both runs read the same source topic, the source offsets must
/// agree too. As tables: the last value of each key (a null value deletes it) must be the same.
struct TopicDiff {
    /// How many findings to keep.
    let limit: Int

    /// One output record, as a stream comparison sees it.
    private struct Entry {
        var partition: Int32
        var offset: Int64
        var sourceOffset: Int64?
        var key: [UInt8]?
        var value: [UInt8]?
        var headers: [KafkaHeader]
    }

    /// The group of a record: its provenance source partition.
    private struct Group: Hashable, Comparable {
        var topic: String
        var partition: Int32

        static func < (lhs: Group, rhs: Group) -> Bool { (lhs.topic, lhs.partition) < (rhs.topic, rhs.partition) }

        var description: String {
            topic.isEmpty ? "records without provenance in output partition \(partition)" : "\(topic):\(partition)"
        }
    }

    /// Headers that differ between runs by design.
    private static let ignoredHeaders: Set<String> = [ProvenanceHeader.name, "traceparent", "tracestate"]

    // MARK: - Streams

    /// Compares two topics' records as streams.
    func compareStreams(_ first: [KafkaRecord], _ second: [KafkaRecord], topics: (String, String)) -> DiffReport {
        var report = DiffReport(topicA: topics.0, topicB: topics.1, mode: .stream)
        report.recordsA = first.count
        report.recordsB = second.count

        let firstTopics = Set(first.compactMap { ProvenanceHeader(of: $0)?.source.topic })
        let secondTopics = Set(second.compactMap { ProvenanceHeader(of: $0)?.source.topic })
        let pairs = ProvenanceTopicPairing.pairs(first: firstTopics, second: secondTopics)
        for (secondName, firstName) in pairs.sorted(by: { $0.key < $1.key }) {
            report.notes.append("provenance topic \(firstName) of A is compared with \(secondName) of B")
        }
        let groupsA = Self.groups(first, renaming: [:])
        let groupsB = Self.groups(second, renaming: pairs)
        let unprovenanced = (
            groupsA.keys.filter { $0.topic.isEmpty }.count, groupsB.keys.filter { $0.topic.isEmpty }.count
        )
        if unprovenanced.0 + unprovenanced.1 > 0 {
            report.notes.append("records without a sluice.provenance header are grouped by output partition")
        }

        let keys = Set(groupsA.keys).union(groupsB.keys).sorted()
        report.groups = keys.count
        for group in keys {
            let a = groupsA[group] ?? []
            let b = groupsB[group] ?? []
            let sameSource =
                !group.topic.isEmpty && pairs[group.topic] == nil && firstTopics.contains(group.topic)
                && secondTopics.contains(group.topic)
            var differing = 0
            var first: DiffFinding?
            for index in 0..<min(a.count, b.count) {
                guard let detail = Self.difference(a[index], b[index], comparesSourceOffsets: sameSource) else {
                    continue
                }
                differing += 1
                if first == nil {
                    first = DiffFinding(
                        place: "\(group.description), record \(index + 1) (A offset \(a[index].offset), "
                            + "B offset \(b[index].offset))",
                        detail: detail
                    )
                }
            }
            if a.count != b.count {
                differing += abs(a.count - b.count)
                let extra = a.count > b.count ? a[b.count] : b[a.count]
                let side = a.count > b.count ? "A" : "B"
                first =
                    first
                    ?? DiffFinding(
                        place: "\(group.description), record \(min(a.count, b.count) + 1)",
                        detail: "A has \(a.count) records, B has \(b.count); the first extra one (\(side)) has key "
                            + "\(Self.render(extra.key)), value \(Self.render(extra.value))"
                    )
            }
            guard differing > 0 else { continue }
            report.differingGroups += 1
            report.differences += differing
            if let first, report.findings.count < limit { report.findings.append(first) }
        }
        return report
    }

    private static func groups(_ records: [KafkaRecord], renaming: [String: String]) -> [Group: [Entry]] {
        var groups: [Group: [Entry]] = [:]
        for record in records {
            let provenance = ProvenanceHeader(of: record)
            let group =
                provenance.map {
                    Group(topic: renaming[$0.source.topic] ?? $0.source.topic, partition: $0.source.partition)
                }
                ?? Group(topic: "", partition: record.partition)
            groups[group, default: []].append(
                Entry(
                    partition: record.partition,
                    offset: record.offset,
                    sourceOffset: provenance?.offset,
                    key: record.key,
                    value: record.value,
                    headers: record.headers.filter { !ignoredHeaders.contains($0.key) }
                )
            )
        }
        for (group, entries) in groups {
            groups[group] = entries.sorted { ($0.partition, $0.offset) < ($1.partition, $1.offset) }
        }
        return groups
    }

    private static func difference(_ a: Entry, _ b: Entry, comparesSourceOffsets: Bool) -> String? {
        if a.key != b.key { return "key: A \(render(a.key)), B \(render(b.key))" }
        if a.value != b.value { return "value: A \(render(a.value)), B \(render(b.value))" }
        if a.headers != b.headers { return "headers: A \(render(a.headers)), B \(render(b.headers))" }
        if a.partition != b.partition { return "output partition: A \(a.partition), B \(b.partition)" }
        if comparesSourceOffsets, a.sourceOffset != b.sourceOffset {
            return "source offset: A \(a.sourceOffset ?? -1), B \(b.sourceOffset ?? -1)"
        }
        return nil
    }

    // MARK: - Tables

    /// Compares two topics as tables: the final value of each key.
    func compareTables(_ first: [KafkaRecord], _ second: [KafkaRecord], topics: (String, String)) -> DiffReport {
        var report = DiffReport(topicA: topics.0, topicB: topics.1, mode: .table)
        report.recordsA = first.count
        report.recordsB = second.count
        let (a, nullKeysA) = Self.finalValues(first)
        let (b, nullKeysB) = Self.finalValues(second)
        if nullKeysA + nullKeysB > 0 {
            report.notes.append("records with a null key are left out: \(nullKeysA) in A, \(nullKeysB) in B")
        }

        let keys = Set(a.keys).union(b.keys).sorted { $0.lexicographicallyPrecedes($1) }
        report.groups = keys.count
        for key in keys {
            let detail: String
            switch (a[key], b[key]) {
            case (let valueA?, let valueB?) where valueA == valueB:
                continue
            case (let valueA?, let valueB?):
                detail = "final value: A \(Self.render(valueA)), B \(Self.render(valueB))"
            case (let valueA?, nil):
                detail = "only in A, with \(Self.render(valueA))"
            case (nil, let valueB?):
                detail = "only in B, with \(Self.render(valueB))"
            case (nil, nil):
                continue
            }
            report.differingGroups += 1
            report.differences += 1
            if report.findings.count < limit {
                report.findings.append(DiffFinding(place: "key \(Self.render(key))", detail: detail))
            }
        }
        return report
    }

    /// The last value of each key in offset order within its partition; a null value deletes the key.
    private static func finalValues(_ records: [KafkaRecord]) -> ([[UInt8]: [UInt8]], Int) {
        var values: [[UInt8]: [UInt8]] = [:]
        var nullKeys = 0
        for record in records.sorted(by: { ($0.partition, $0.offset) < ($1.partition, $1.offset) }) {
            guard let key = record.key else {
                nullKeys += 1
                continue
            }
            values[key] = record.value
        }
        return (values, nullKeys)
    }

    // MARK: - Rendering

    /// Bytes as a quoted string when they are printable UTF-8 (cut at 120 characters), else as hex.
    static func render(_ bytes: [UInt8]?) -> String {
        guard let bytes else { return "null" }
        if let text = String(validating: bytes, as: UTF8.self),
            text.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value != 0x7F })
        {
            return text.count > 120 ? "\"\(text.prefix(120))…\"" : "\"\(text)\""
        }
        let hex = bytes.prefix(48).map {
            String($0, radix: 16).count == 1 ? "0" + String($0, radix: 16) : String($0, radix: 16)
        }
        return "0x" + hex.joined() + (bytes.count > 48 ? "…" : "")
    }

    private static func render(_ headers: [KafkaHeader]) -> String {
        "[" + headers.map { "\($0.key)=\(render($0.value))" }.joined(separator: ", ") + "]"
    }
}
