extension MetricsServer {
    /// Where the metrics server listens and how much it accepts from clients.
    public struct Configuration: Sendable {
        /// The numeric IPv4 or IPv6 address to bind. Default: `"127.0.0.1"`.
        public var host: String = "127.0.0.1"

        /// The TCP port; 0 lets the system pick one, which ``MetricsServer/port`` then reports. Default: 0.
        public var port: Int = 0

        /// Connections served at once; further clients wait in the listen backlog. Default: 16.
        public var maxConnections: Int = 16

        /// The largest request head accepted; a larger one gets 431 and is closed. Default: 8192 bytes.
        public var maxRequestBytes: Int = 8192

        /// The time a client has to send its whole request head, and then to take the whole response; a client
        /// that trickles bytes cannot hold a connection longer. Default: 5 seconds.
        public var requestTimeout: Duration = .seconds(5)

        /// Creates the default configuration.
        public init() {}

        /// Creates a configuration for a host and port, with the other defaults.
        ///
        /// - Parameters:
        ///   - host: The numeric address to bind.
        ///   - port: The port, or 0 for any free port.
        public init(host: String = "127.0.0.1", port: Int) {
            self.host = host
            self.port = port
        }
    }
}
