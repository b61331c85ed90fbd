import Foundation
import Sluice

/// The plan as `sluice replay` prints it: a header, one line per partition, the totals, then what the reset
/// clears and the notes.
extension ReplayPlan {
    /// The plan as text, ending without a newline.
    var text: String {
        var lines: [String] = []
        if applicationID == originalApplicationID {
            lines.append("replay of \(applicationID), in place")
        } else {
            lines.append(
                "replay of \(originalApplicationID) as \(applicationID), outputs with the suffix "
                    + "'\(options.outputSuffix)'"
            )
        }
        lines.append("from        \(Self.describe(options.from))")
        lines.append("to          \(options.to.map(Self.describe) ?? "the end of each partition now")")
        if let to = options.to?.timestamp {
            lines.append(
                "read until  each partition's records reach \(Self.time(to.addingReportingOverflow(lateness).0)) "
                    + "(to + lateness \(Self.hours(lateness)))"
            )
        }
        if let times = eventTimes {
            let start = times.lowerBound == .min ? "-∞" : Self.time(times.lowerBound)
            let end = times.upperBound == .max ? "∞" : Self.time(times.upperBound)
            lines.append("processes   records with event times in [\(start), \(end))")
        }

        let rows =
            [["partition", "committed", "start", "end", "records"]]
            + partitions.map { plan in
                [
                    plan.partition.description, plan.committed.map(String.init) ?? "-", String(plan.start),
                    String(plan.end), String(plan.records),
                ]
            }
            + [["total", "", "", "", String(recordsToReplay)]]
        let widths = (0..<5).map { column in rows.map { $0[column].count }.max() ?? 0 }
        for row in rows {
            let cells = row.enumerated().map { column, cell in
                column == 0
                    ? cell.padding(toLength: widths[0], withPad: " ", startingAt: 0)
                    : String(repeating: " ", count: widths[column] - cell.count) + cell
            }
            lines.append(cells.joined(separator: "  "))
        }

        if !tables.isEmpty {
            let records = tables.reduce(Int64(0)) { $0 + $1.records }
            let topics = Set(tables.map(\.partition.topic)).sorted().joined(separator: ", ")
            lines.append("tables      \(topics) read again from the beginning: \(records) records")
        }
        if !internalTopics.isEmpty {
            lines.append("reset       recreates \(internalTopics.count) internal topics empty:")
            lines += internalTopics.map { "              \($0)" }
        }
        lines.append("reset       commits the starts for group \(applicationID), removes \(stateDirectory)")
        for note in notes {
            lines.append("note: \(note)")
        }
        return lines.joined(separator: "\n")
    }

    private static func describe(_ position: ReplayPosition) -> String {
        if position.isBeginning { return "the beginning" }
        if let milliseconds = position.timestamp { return time(milliseconds) }
        let offsets = position.offsets ?? [:]
        return "offsets " + offsets.sorted { $0.key < $1.key }.map { "\($0.key):\($0.value)" }.joined(separator: ", ")
    }

    /// A time as ISO 8601 UTC, with milliseconds only when it has some.
    static func time(_ milliseconds: Int64) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions =
            milliseconds % 1000 == 0
            ? [.withInternetDateTime]
            : [
                .withInternetDateTime, .withFractionalSeconds,
            ]
        return formatter.string(from: Date(timeIntervalSince1970: Double(milliseconds) / 1000))
    }

    private static func hours(_ milliseconds: Int64) -> String {
        milliseconds % 3_600_000 == 0 ? "\(milliseconds / 3_600_000) h" : "\(milliseconds) ms"
    }
}
