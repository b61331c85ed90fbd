/// The record format of an input file.
public enum InputFormat: String, Sendable, Hashable, CaseIterable {
    /// Comma-separated values with a header row (RFC 4180).
    case csv

    /// One JSON object per line.
    case jsonLines

    /// Guesses the format from a file name, looking through a `.gz` or `.zip` suffix.
    ///
    /// Names ending in `.jsonl`, `.ndjson` or `.json` are JSON lines; anything else is CSV.
    ///
    /// - Parameter path: The file name, or for a zip archive the name of its entry.
    public init(path: String) {
        var name = path.lowercased()
        for suffix in [".gz", ".zip"] where name.hasSuffix(suffix) {
            name.removeLast(suffix.count)
        }
        if name.hasSuffix(".jsonl") || name.hasSuffix(".ndjson") || name.hasSuffix(".json") {
            self = .jsonLines
        } else {
            self = .csv
        }
    }
}
