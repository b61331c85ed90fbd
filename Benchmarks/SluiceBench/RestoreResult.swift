import Sluice

/// One restore of the restore benchmark: an engine, a key distribution, and how fast the store came back.
struct RestoreResult {
    /// The store engine restored into.
    var engine: StoreEngine
    /// The distinct keys among the changelog entries.
    var distinctKeys: Int
    /// Changelog records applied.
    var restored: Int
    /// Entries in the store afterwards (an estimate for RocksDB).
    var storeEntries: Int
    /// The restore's wall time.
    var seconds: Double

    /// Changelog records applied per second.
    var entriesPerSecond: Double { Double(restored) / seconds }

    /// One line for the terminal.
    var summary: String {
        "\(engine.rawValue), \(distinctKeys) distinct keys: \(restored) entries in "
            + "\(Self.format(seconds, decimals: 2)) s = \(Int(entriesPerSecond)) entries/s "
            + "(store holds \(storeEntries))"
    }

    /// The results as a markdown table.
    static func markdown(_ results: [RestoreResult], entries: Int) -> String {
        var lines = [
            "Restore of \(entries) changelog entries (16-byte keys, 40-byte values) by StateRestorer",
            "",
            "| engine | distinct keys | seconds | entries/s | store entries |",
            "| --- | ---: | ---: | ---: | ---: |",
        ]
        for result in results {
            lines.append(
                "| \(result.engine.rawValue) | \(result.distinctKeys) | \(format(result.seconds, decimals: 2)) "
                    + "| \(Int(result.entriesPerSecond)) | \(result.storeEntries) |"
            )
        }
        return lines.joined(separator: "\n")
    }

    private static func format(_ value: Double, decimals: Int) -> String {
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let rounded = (value * scale).rounded() / scale
        return "\(rounded)"
    }
}
