import Sluice

/// Options several commands share, declared once so their help reads the same everywhere.
enum CommonOptions {
    /// The default bootstrap address: the default port of `sluice broker` on loopback.
    static let defaultBootstrap = "127.0.0.1:9092"

    static let bootstrap = OptionSpec.option(
        "bootstrap",
        valueName: "HOST:PORT",
        help: "Kafka bootstrap servers, comma-separated (default \(defaultBootstrap))"
    )

    static let logLevel = OptionSpec.option(
        "log-level",
        valueName: "LEVEL",
        help: "Log level of the JSON lines on stderr (default info)",
        defaultValue: "info",
        allowedValues: Logger.Level.allCases.map(\.description)
    )

    /// The bootstrap servers given, or the default.
    static func bootstrapServers(_ parsed: ParsedArguments) -> [String] {
        (parsed.optionalString("bootstrap") ?? defaultBootstrap).split(separator: ",").map(String.init)
    }

    /// A logger writing JSON lines to stderr at the chosen level.
    static func logger(_ parsed: ParsedArguments, label: String) -> Logger {
        var logger = Logger(label: label, handler: JSONLinesLogHandler())
        let name = parsed.optionalString("log-level") ?? "info"
        logger.logLevel = Logger.Level.allCases.first { $0.description == name } ?? .info
        return logger
    }
}
