import Foundation

// MARK: - Text

extension VerifyReport {
    /// The report as a short table of counts, then the first examples and unreadable offsets, one per line.
    var text: String {
        var lines = [
            "topic             \(topic)",
            "mode              \(mode)",
            "records read      \(records)",
            "keys              \(keys)",
            "order violations  \(orderViolations)",
            "duplicates        \(duplicates)",
            "gaps              \(gaps)",
            "unreadable        \(unreadable)",
        ]

        if !examples.isEmpty {
            let shown = examples.count < orderViolations + duplicates + gaps ? " (first \(examples.count))" : ""
            lines.append("")
            lines.append("examples\(shown):")
            let width = examples.map(\.kind.rawValue.count).max() ?? 0
            for finding in examples {
                let kind = finding.kind.rawValue.padding(toLength: width, withPad: " ", startingAt: 0)
                lines.append(
                    "  \(kind)  partition \(finding.partition) offset \(finding.offset) key \(quoted(finding.key)): "
                        + finding.detail
                )
            }
        }

        if !unreadableRecords.isEmpty {
            let places = unreadableRecords.map { "\($0.partition):\($0.offset)" }.joined(separator: ", ")
            let more = unreadable > unreadableRecords.count ? ", ..." : ""
            lines.append("")
            lines.append("unreadable records (partition:offset): \(places)\(more)")
        }

        lines.append("")
        lines.append(isClean ? "result: clean" : "result: problems found")
        return lines.joined(separator: "\n")
    }

    private func quoted(_ key: String?) -> String {
        key.map { "\"\($0)\"" } ?? "null"
    }
}
