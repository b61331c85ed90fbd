import Foundation

/// Writes human-readable lines (progress, summaries) to stderr, apart from the JSON log lines.
enum StandardError {
    static func write(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}
