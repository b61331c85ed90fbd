/// What `sluice diff` found: the counts on both sides and the first differences.
struct DiffReport: Sendable {
    /// How the topics were compared.
    enum Mode: Sendable {
        /// Records grouped by provenance source partition, in order.
        case stream
        /// The final value of each key.
        case table
    }

    /// The first topic.
    var topicA: String
    /// The second topic.
    var topicB: String
    /// How they were compared.
    var mode: Mode
    /// Records read from each.
    var recordsA = 0
    var recordsB = 0
    /// Groups (source partitions) or keys compared.
    var groups = 0
    /// Groups or keys that differ.
    var differingGroups = 0
    /// Records (stream) or keys (table) that differ, in all.
    var differences = 0
    /// The first differences, at most the limit asked for.
    var findings: [DiffFinding] = []
    /// What the comparison had to decide: paired provenance topics, records without provenance or key.
    var notes: [String] = []

    /// Whether the topics are the same as compared.
    var isIdentical: Bool { differences == 0 }

    /// The report as text, ending without a newline.
    var text: String {
        var lines = [
            "A           \(topicA): \(recordsA) records",
            "B           \(topicB): \(recordsB) records",
        ]
        switch mode {
        case .stream:
            lines.append(
                "compared    by source partition (sluice.provenance), in order: key, value, headers (provenance "
                    + "and trace headers left out)"
            )
            lines.append("groups      \(groups) source partitions, \(differingGroups) differ")
        case .table:
            lines.append("compared    the final value of each key")
            lines.append("keys        \(groups), \(differingGroups) differ")
        }
        lines += notes.map { "note: \($0)" }
        if isIdentical {
            lines.append("identical")
        } else {
            let unit = mode == .stream ? "records" : "keys"
            lines.append("differences \(differences) \(unit); the first:")
            lines += findings.map { "  \($0.place): \($0.detail)" }
        }
        return lines.joined(separator: "\n")
    }
}
