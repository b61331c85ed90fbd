import Foundation

/// A structured logger: a label, a minimum level and metadata, in front of a ``LogHandler``.
///
/// The logger is a value; copies share the handler but carry their own level and metadata, so a component
/// adds its fields (`sluice.task`, `kafka.partition`) to its own copy without touching anyone else's.
/// Libraries take a logger as a parameter and default to ``Logger/disabled``; nothing creates a global one.
///
/// ```swift
/// var logger = Logger(label: "sluice.runtime", handler: JSONLinesLogHandler())
/// logger[metadataKey: LogKey.applicationID] = "flights"
/// logger.info("partition assigned", metadata: [LogKey.partition: 3])
/// ```
public struct Logger: Sendable {
    /// The name of the component that logs, written as the `logger` field.
    public var label: String

    /// The lowest level this logger passes on to its handler. Default: ``Level/info``.
    public var logLevel: Level

    /// Fields attached to every entry this logger writes; per-call metadata wins on equal keys.
    public var metadata: Metadata

    /// The handler that receives the entries at or above ``logLevel``.
    public let handler: any LogHandler

    /// Creates a logger.
    ///
    /// - Parameters:
    ///   - label: The name of the component that logs.
    ///   - handler: Where entries go.
    public init(label: String, handler: any LogHandler) {
        self.label = label
        self.handler = handler
        self.logLevel = .info
        self.metadata = [:]
    }

    /// A logger that drops every entry without evaluating its message: the default for library parameters.
    public static var disabled: Logger {
        var logger = Logger(label: "disabled", handler: DroppingLogHandler())
        logger.logLevel = .critical
        logger.isDisabled = true
        return logger
    }

    /// Set only by ``disabled``, so that even critical messages are not built.
    private var isDisabled = false

    /// Reads or writes one field of ``metadata``.
    public subscript(metadataKey key: String) -> MetadataValue? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    /// Tells whether an entry at `level` would reach the handler, for callers that prepare costly metadata.
    ///
    /// - Parameter level: The level of the entry in question.
    /// - Returns: `true` when the entry would be written.
    public func isEnabled(_ level: Level) -> Bool {
        level >= logLevel && !isDisabled
    }

    /// Writes an entry when `level` is at or above ``logLevel``; the message and metadata are evaluated only then.
    ///
    /// - Parameters:
    ///   - level: The severity of the entry.
    ///   - message: The human-readable text.
    ///   - metadata: Fields for this entry only, merged over ``metadata``.
    ///   - file: The source file, filled in by the compiler.
    ///   - function: The function, filled in by the compiler.
    ///   - line: The source line, filled in by the compiler.
    public func log(
        level: Level,
        _ message: @autoclosure () -> String,
        metadata: @autoclosure () -> Metadata? = nil,
        file: String = #fileID,
        function: String = #function,
        line: UInt = #line
    ) {
        guard isEnabled(level) else { return }

        var fields = self.metadata
        if let extra = metadata() {
            fields.merge(extra) { _, new in new }
        }
        handler.log(
            LogEntry(
                time: Date(),
                level: level,
                label: label,
                message: message(),
                metadata: fields,
                file: file,
                function: function,
                line: line
            )
        )
    }
}
