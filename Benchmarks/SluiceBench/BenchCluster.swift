import SluiceBroker
import SluiceKafka

/// A fresh broker for one scenario: the project's in-process broker or librdkafka's mock cluster.
final class BenchCluster {
    private let broker: Broker?
    private let mock: KafkaMockCluster?

    /// The `host:port` clients connect to.
    let bootstrap: String

    /// Starts a broker of the given kind on a random loopback port.
    init(kind: BrokerKind) throws {
        switch kind {
        case .project:
            var configuration = BrokerConfiguration(port: 0)
            configuration.autoCreateTopics = false
            let broker = Broker(configuration: configuration)
            try broker.start()
            self.broker = broker
            self.mock = nil
            bootstrap = broker.bootstrapServers
        case .mock:
            let mock = try KafkaMockCluster(brokers: 1)
            self.broker = nil
            self.mock = mock
            bootstrap = mock.bootstrapServers
        }
    }

    /// Creates a topic.
    func createTopic(_ name: String, partitions: Int) throws {
        if let broker { try broker.createTopic(name, partitions: partitions) }
        if let mock { try mock.createTopic(name, partitions: partitions) }
    }

    /// A counter of the records written to `topics` so far: the sum of their high watermarks, read in process
    /// from the project's broker, or asked of the mock cluster with a read_uncommitted client. Under exactly-once
    /// it also counts one transaction marker per partition and commit, a fraction of a percent here.
    func writtenCounter(topics: [(name: String, partitions: Int)]) throws -> @Sendable () throws -> Int {
        let partitions = topics.flatMap { topic in (0..<topic.partitions).map { (topic.name, $0) } }
        if let broker {
            return {
                partitions.reduce(0) { sum, entry in
                    sum + Int(broker.highWatermark(topic: entry.0, partition: entry.1) ?? 0)
                }
            }
        }
        var configuration = KafkaConsumerConfiguration(bootstrapServers: [bootstrap], groupID: nil)
        configuration.common.clientID = "bench-watermarks"
        configuration.isolationLevel = .readUncommitted
        let consumer = try KafkaConsumer(configuration: configuration)
        return {
            try partitions.reduce(0) { sum, entry in
                sum + Int(try consumer.watermarks(topic: entry.0, partition: Int32(entry.1), timeout: .seconds(5)).high)
            }
        }
    }

    /// Stops the broker; its data is gone.
    func stop() {
        broker?.stop()
        mock?.stop()
    }
}
