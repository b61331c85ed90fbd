import Foundation

/// A handler that writes each entry as one JSON object on one line (JSON Lines).
///
/// A line looks like
/// `{"time":"2026-12-04T17:00:00.123Z","level":"info","logger":"sluice.runtime","message":"committed",`
/// `"kafka.partition":3}`: the fixed fields first, then the metadata keys in sorted order, with integers,
/// doubles and booleans as JSON numbers and booleans. A metadata key equal to a fixed field name is written as
/// `metadata.<key>` so it cannot shadow it. Non-finite doubles are written as the strings `"NaN"`, `"+Inf"`
/// and `"-Inf"`.
///
/// Each line goes to the file descriptor in a single `write(2)` call, serialized with the other copies of this
/// handler, so lines from many threads never interleave within the process. Create one handler per destination
/// and share it: two handlers made separately for the same descriptor do not serialize with each other.
///
/// - Important: Another process writing to the same pipe or file can still interleave with lines longer than
///   `PIPE_BUF` (4096 bytes on Linux). The handler does not own or close the file descriptor. Writes block
///   when the reader of a pipe is slow; failed writes are dropped silently, since there is nowhere to report them.
public struct JSONLinesLogHandler: LogHandler {
    private let writer: LogLineWriter
    private let includeSource: Bool

    /// Creates a handler writing to a file descriptor.
    ///
    /// - Parameters:
    ///   - fileDescriptor: Where lines go. Default: standard error.
    ///   - includeSource: Whether to add a `source` field with `file:line`. Default: `false`.
    public init(fileDescriptor: Int32 = FileHandle.standardError.fileDescriptor, includeSource: Bool = false) {
        self.writer = LogLineWriter(fileDescriptor: fileDescriptor)
        self.includeSource = includeSource
    }

    /// Writes the entry as one line.
    public func log(_ entry: LogEntry) {
        writer.write(Self.line(for: entry, includeSource: includeSource))
    }

    /// Renders an entry as the bytes of one line, trailing newline included.
    ///
    /// - Parameters:
    ///   - entry: The entry.
    ///   - includeSource: Whether to add a `source` field.
    /// - Returns: UTF-8 bytes of a JSON object followed by `\n`.
    public static func line(for entry: LogEntry, includeSource: Bool = false) -> [UInt8] {
        var json = JSONLineBuilder()
        json.reserve(160 + entry.message.utf8.count + entry.metadata.count * 32)
        json.open()
        json.field("time", timestamp: entry.time)
        json.field("level", string: entry.level.description)
        json.field("logger", string: entry.label)
        json.field("message", string: entry.message)
        if includeSource {
            json.field("source", string: "\(entry.file):\(entry.line)")
        }
        for (key, value) in entry.metadata.sorted(by: { $0.key < $1.key }) {
            json.field(Self.isFixedField(key) ? "metadata." + key : key, value: value)
        }
        json.close()
        return json.bytes
    }

    private static func isFixedField(_ key: String) -> Bool {
        switch key {
        case "time", "level", "logger", "message", "source": true
        default: false
        }
    }
}
