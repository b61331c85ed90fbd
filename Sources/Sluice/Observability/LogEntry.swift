import Foundation

/// One log entry as a ``LogHandler`` receives it.
public struct LogEntry: Sendable {
    /// When the entry was made.
    public var time: Date

    /// Its severity.
    public var level: Logger.Level

    /// The label of the logger that made it.
    public var label: String

    /// The human-readable text.
    public var message: String

    /// The logger's metadata with the call's metadata merged over it.
    public var metadata: Logger.Metadata

    /// The source file (`#fileID`) of the call.
    public var file: String

    /// The function of the call.
    public var function: String

    /// The source line of the call.
    public var line: UInt

    /// Creates an entry; ``Logger`` does this, tests and adapters (such as librdkafka's log callback) may too.
    ///
    /// - Parameters:
    ///   - time: When the entry was made. Default: now.
    ///   - level: Its severity.
    ///   - label: The logger label.
    ///   - message: The text.
    ///   - metadata: The fields.
    ///   - file: The source file.
    ///   - function: The function.
    ///   - line: The source line.
    public init(
        time: Date = Date(),
        level: Logger.Level,
        label: String,
        message: String,
        metadata: Logger.Metadata = [:],
        file: String = #fileID,
        function: String = #function,
        line: UInt = #line
    ) {
        self.time = time
        self.level = level
        self.label = label
        self.message = message
        self.metadata = metadata
        self.file = file
        self.function = function
        self.line = line
    }
}
