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
        if pastStableOffset > 0 {
            lines.append("not yet visible   \(pastStableOffset) (in transactions still open; not checked)")
        }

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
        if !isClean {
            lines.append("result: problems found")
        } else if pastStableOffset > 0 {
            lines.append("result: incomplete: clean up to the last stable offset; verify again once transactions end")
        } else {
            lines.append("result: clean")
        }
        return lines.joined(separator: "\n")
    }

    private func quoted(_ key: String?) -> String {
        key.map { "\"\($0)\"" } ?? "null"
    }
}
