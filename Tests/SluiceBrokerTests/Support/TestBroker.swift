import SluiceBroker

/// Starts a broker on a free loopback port for one test and stops it afterwards.
enum TestBroker {
    /// Runs `body` with a started broker (initial rebalance delay 0, quiet log).
    static func with<T>(
        configure: (inout BrokerConfiguration) -> Void = { _ in },
        _ body: (Broker) throws -> T
    ) throws -> T {
        var configuration = BrokerConfiguration()
        configuration.port = 0
        configure(&configuration)
        let broker = Broker(configuration: configuration)
        try broker.start()
        defer { broker.stop() }
        return try body(broker)
    }
}
