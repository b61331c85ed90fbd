/// The options every Kafka client shares: where the cluster is, who the client is, and raw librdkafka properties.
///
/// Typed options cover what Sluice users set most; anything else goes into ``properties``, which librdkafka reads
/// verbatim (see librdkafka's CONFIGURATION.md) and which wins over a typed option of the same key.
public struct KafkaConfiguration: Sendable, Hashable {
    /// The bootstrap servers as `host:port` strings. Default: `["127.0.0.1:9092"]`.
    public var bootstrapServers: [String] = ["127.0.0.1:9092"]
    /// The client id sent to brokers, visible in their logs and quotas. Default: `"sluice"`.
    public var clientID: String = "sluice"
    /// How long a socket may wait for a broker before librdkafka gives up on a request. Default: 30 s.
    public var socketTimeout: Duration = .seconds(30)
    /// How often librdkafka emits its statistics JSON; `nil` turns statistics off. Default: `nil`.
    public var statisticsInterval: Duration?
    /// librdkafka debug contexts (such as `"cgrp,eos"`), logged at debug level. Default: none.
    public var debugContexts: String?
    /// Raw librdkafka properties, applied after the typed options so they override them.
    public var properties: [String: String] = [:]

    /// Creates a configuration with the documented defaults.
    public init() {}

    /// Creates a configuration for the given bootstrap servers.
    /// - Parameter bootstrapServers: `host:port` strings, such as `["127.0.0.1:9092"]`.
    public init(bootstrapServers: [String]) {
        self.bootstrapServers = bootstrapServers
    }

    /// The librdkafka properties of the shared options, before client-specific ones are added.
    func renderCommon() -> [String: String] {
        var rendered: [String: String] = [
            "bootstrap.servers": bootstrapServers.joined(separator: ","),
            "client.id": clientID,
            "socket.timeout.ms": String(socketTimeout.milliseconds),
        ]
        if let statisticsInterval {
            rendered["statistics.interval.ms"] = String(statisticsInterval.milliseconds)
        }
        if let debugContexts {
            rendered["debug"] = debugContexts
        }
        return rendered
    }

    /// Whether a property holds a secret that must never be printed or logged: `sasl.password`,
    /// `ssl.key.password`, `ssl.keystore.password`, any key ending in `.password` or containing `secret`.
    public static func isSecret(_ key: String) -> Bool {
        let lowered = key.lowercased()
        return lowered.hasSuffix("password") || lowered.contains("secret")
            || lowered == "sasl.oauthbearer.config" || lowered == "ssl.key.pem"
    }

    /// Returns the properties with every secret value replaced by `[redacted]`.
    public static func redacted(_ properties: [String: String]) -> [String: String] {
        var copy = properties
        for key in copy.keys where isSecret(key) {
            copy[key] = "[redacted]"
        }
        return copy
    }

    /// Renders properties as sorted `key=value` lines with secrets redacted, for logs and `--help` output.
    public static func describe(_ properties: [String: String]) -> String {
        redacted(properties).sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "\n")
    }
}

extension Duration {
    /// The duration in whole milliseconds, rounded down and clamped to `Int` range.
    package var milliseconds: Int {
        let (seconds, attoseconds) = components
        let value = seconds.multipliedReportingOverflow(by: 1000)
        if value.overflow { return seconds < 0 ? Int.min : Int.max }
        return Int(value.partialValue) + Int(attoseconds / 1_000_000_000_000_000)
    }

    /// The duration in milliseconds as librdkafka's `int` timeouts take it, clamped to `Int32` range.
    package var timeoutMilliseconds: Int32 {
        Int32(clamping: milliseconds)
    }
}
