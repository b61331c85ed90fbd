import SluiceKafka

/// Client settings for tests: short session and transaction timeouts so a killed member costs seconds, not
/// minutes (the test profile of the architecture notes).
public enum KafkaTestProfile {
    /// A consumer configuration for tests against `bootstrap`.
    /// - Parameters:
    ///   - bootstrap: The `host:port` list of the broker under test.
    ///   - groupID: The consumer group, or `nil` for assign-only consumers.
    public static func consumer(bootstrap: String, groupID: String?) -> KafkaConsumerConfiguration {
        var configuration = KafkaConsumerConfiguration(bootstrapServers: [bootstrap], groupID: groupID)
        configuration.sessionTimeout = .seconds(6)
        configuration.heartbeatInterval = .milliseconds(500)
        configuration.fetchMaxWait = .milliseconds(50)
        // Eager, because librdkafka 2.0.2 aborts when a cooperative-sticky member is destroyed between joining
        // and its first assignment (see KafkaConsumerConfiguration.AssignmentStrategy.cooperativeSticky), which
        // short tests do often. Tests of cooperative rebalancing set the strategy themselves.
        configuration.assignmentStrategy = .eager
        configuration.common.properties["topic.metadata.refresh.interval.ms"] = "1000"
        return configuration
    }

    /// A producer configuration for tests against `bootstrap`.
    public static func producer(bootstrap: String, transactionalID: String? = nil) -> KafkaProducerConfiguration {
        var configuration = KafkaProducerConfiguration(bootstrapServers: [bootstrap])
        configuration.transactionalID = transactionalID
        configuration.transactionTimeout = .seconds(10)
        configuration.linger = .milliseconds(1)
        configuration.deliveryTimeout = .seconds(10)
        return configuration
    }

    /// Polls until `condition` holds for the records read so far or `timeout` passes; returns the records.
    public static func drain(
        _ consumer: KafkaConsumer,
        timeout: Duration = .seconds(20),
        until condition: ([KafkaRecord]) -> Bool
    ) throws -> [KafkaRecord] {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        var records: [KafkaRecord] = []
        while clock.now < deadline && !condition(records) {
            records += try consumer.poll(maxRecords: 1_000, timeout: .milliseconds(100)).records
        }
        return records
    }
}
