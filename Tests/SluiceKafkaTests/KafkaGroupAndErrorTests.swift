import Foundation
import SluiceKafka
import SluiceTesting
import Synchronization
import Testing

@Suite("Groups, rebalances, injected errors and configuration", .serialized)
struct KafkaGroupAndErrorTests {
    /// Collects rebalance events from a handler that runs inside poll.
    final class Events: Sendable {
        private let events = Mutex<[RebalanceEvent]>([])
        func append(_ event: RebalanceEvent) { events.withLock { $0.append(event) } }
        var assigned: Set<TopicPartition> {
            events.withLock { events in
                var owned: Set<TopicPartition> = []
                for event in events {
                    switch event {
                    case .assigned(let partitions): owned.formUnion(partitions)
                    case .revoked(let partitions), .lost(let partitions): owned.subtract(partitions)
                    }
                }
                return owned
            }
        }
    }

    @Test("two members of one group split the partitions, and the survivor takes all when one leaves")
    func twoMemberRebalance() throws {
        let cluster = try KafkaMockCluster()
        try cluster.createTopic("shared", partitions: 4)
        let configuration = KafkaTestProfile.consumer(bootstrap: cluster.bootstrapServers, groupID: "pair")
        let firstEvents = Events()
        let secondEvents = Events()
        let first = try KafkaConsumer(configuration: configuration) { firstEvents.append($0) }
        let second = try KafkaConsumer(configuration: configuration) { secondEvents.append($0) }
        try first.subscribe(topics: ["shared"])
        try second.subscribe(topics: ["shared"])

        let clock = ContinuousClock()
        let deadline = clock.now + .seconds(30)
        while clock.now < deadline
            && (firstEvents.assigned.count + secondEvents.assigned.count != 4
                || firstEvents.assigned.isEmpty || secondEvents.assigned.isEmpty)
        {
            _ = try first.poll(timeout: .milliseconds(50))
            _ = try second.poll(timeout: .milliseconds(50))
        }
        #expect(firstEvents.assigned.count == 2)
        #expect(secondEvents.assigned.count == 2)
        #expect(firstEvents.assigned.isDisjoint(with: secondEvents.assigned))

        try second.close()
        let later = clock.now + .seconds(30)
        while clock.now < later && firstEvents.assigned.count != 4 {
            _ = try first.poll(timeout: .milliseconds(100))
        }
        #expect(firstEvents.assigned.count == 4)
        try first.close()
    }

    @Test("injected produce errors surface as KafkaError with librdkafka's flags")
    func injectedErrors() throws {
        let cluster = try KafkaMockCluster()
        try cluster.createTopic("faulty", partitions: 1)
        var configuration = KafkaTestProfile.producer(bootstrap: cluster.bootstrapServers)
        configuration.enableIdempotence = false
        configuration.common.properties["retries"] = "0"
        let producer = try KafkaProducer(configuration: configuration)
        // Warm up so the leader is known before the error is queued.
        try producer.send(KafkaProducerRecord(topic: "faulty", partition: 0, key: nil, value: [0]))
        try producer.flush()

        cluster.pushRequestErrors(api: .produce, [.init(rawValue: 87)])  // INVALID_RECORD: not retriable
        try producer.send(KafkaProducerRecord(topic: "faulty", partition: 0, key: nil, value: [1]))
        let error = #expect(throws: KafkaError.self) { try producer.flush() }
        #expect(error?.code.rawValue == 87)
        #expect(error?.isRetriable == false)
        #expect(producer.failedCount == 1)
        try producer.close()
    }

    @Test("a transactional producer's flags: abortable errors ask for an abort")
    func transactionalFlags() throws {
        let cluster = try KafkaMockCluster()
        try cluster.createTopic("txn", partitions: 1)
        let producer = try KafkaProducer(
            configuration: KafkaTestProfile.producer(bootstrap: cluster.bootstrapServers, transactionalID: "flags")
        )
        try producer.initTransactions()
        try producer.beginTransaction()
        try producer.send(KafkaProducerRecord(topic: "txn", partition: 0, key: nil, value: [1]))
        cluster.pushRequestErrors(api: .endTransaction, [.init(rawValue: 48)])  // INVALID_TXN_STATE
        let error = #expect(throws: KafkaError.self) { try producer.commitTransaction(timeout: .seconds(10)) }
        #expect(error != nil)
        #expect(error?.isFatal == true || error?.transactionRequiresAbort == true)
        try? producer.close()
    }

    @Test("secrets are redacted wherever configuration is described")
    func redaction() {
        var configuration = KafkaProducerConfiguration(bootstrapServers: ["127.0.0.1:9092"])
        configuration.common.properties["sasl.password"] = "hunter2"
        configuration.common.properties["ssl.key.password"] = "k"
        configuration.common.properties["ssl.keystore.password"] = "s"
        configuration.common.properties["sasl.oauthbearer.client.secret"] = "x"
        let text = KafkaConfiguration.describe(configuration.render())
        #expect(!text.contains("hunter2"))
        #expect(text.contains("sasl.password=[redacted]"))
        #expect(text.contains("ssl.keystore.password=[redacted]"))
        #expect(text.contains("sasl.oauthbearer.client.secret=[redacted]"))
        #expect(text.contains("bootstrap.servers=127.0.0.1:9092"))
    }

    @Test("an invalid property fails creation with a clear error that hides secret values")
    func invalidProperty() {
        var configuration = KafkaConsumerConfiguration(bootstrapServers: ["127.0.0.1:9092"], groupID: "g")
        configuration.common.properties["no.such.property"] = "1"
        let error = #expect(throws: KafkaError.self) { _ = try KafkaConsumer(configuration: configuration) }
        #expect(error?.message.contains("no.such.property") == true)
    }
}
