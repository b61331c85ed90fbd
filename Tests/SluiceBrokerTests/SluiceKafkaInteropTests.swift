import SluiceBroker
import SluiceKafka
import Testing

/// The project's own wrapper (librdkafka 2.0.2) against the broker: an exactly-once loop and fencing.
@Suite("SluiceKafka against SluiceBroker", .serialized)
struct SluiceKafkaInteropTests {
    private static func producerConfiguration(_ bootstrap: String, transactionalID: String?)
        -> KafkaProducerConfiguration
    {
        var configuration = KafkaProducerConfiguration(bootstrapServers: [bootstrap])
        configuration.transactionalID = transactionalID
        configuration.transactionTimeout = .seconds(10)
        configuration.deliveryTimeout = .seconds(10)
        configuration.common.socketTimeout = .seconds(6)
        return configuration
    }

    private static func consumerConfiguration(_ bootstrap: String, groupID: String?) -> KafkaConsumerConfiguration {
        var configuration = KafkaConsumerConfiguration(bootstrapServers: [bootstrap], groupID: groupID)
        configuration.sessionTimeout = .seconds(6)
        configuration.heartbeatInterval = .milliseconds(500)
        configuration.common.socketTimeout = .seconds(6)
        return configuration
    }

    /// Reads partition 0 of `topic` from the start to its end (the last stable offset under read_committed).
    private static func readToEnd(_ bootstrap: String, topic: String) throws -> [String] {
        var configuration = consumerConfiguration(bootstrap, groupID: nil)
        configuration.enablePartitionEOF = true
        let consumer = try KafkaConsumer(configuration: configuration)
        defer { try? consumer.close() }
        let partition = TopicPartition(topic: topic, partition: 0)
        try consumer.assign([partition: 0])
        var values: [String] = []
        let deadline = ContinuousClock.now + .seconds(20)
        while ContinuousClock.now < deadline {
            let result = try consumer.poll(timeout: .milliseconds(200))
            values += result.records.map { String(decoding: $0.value ?? [], as: UTF8.self) }
            if result.partitionsAtEnd.contains(partition) { return values }
        }
        throw KafkaError(code: .timedOut, message: "no end of \(topic)")
    }

    @Test("consume, transform and produce in transactions: one commits, one aborts")
    func exactlyOnceLoop() throws {
        try TestBroker.with { broker in
            let bootstrap = broker.bootstrapServers
            try broker.createTopic("eos-in", partitions: 1)
            try broker.createTopic("eos-out", partitions: 1)

            let seed = try KafkaProducer(configuration: Self.producerConfiguration(bootstrap, transactionalID: nil))
            for index in 0..<10 {
                try seed.send(KafkaProducerRecord(topic: "eos-in", key: nil, value: Array("record-\(index)".utf8)))
            }
            try seed.flush(timeout: .seconds(10))
            try seed.close()

            let consumer = try KafkaConsumer(configuration: Self.consumerConfiguration(bootstrap, groupID: "eos"))
            defer { try? consumer.close() }
            try consumer.subscribe(topics: ["eos-in"])
            var records: [KafkaRecord] = []
            let deadline = ContinuousClock.now + .seconds(20)
            while records.count < 10, ContinuousClock.now < deadline {
                records += try consumer.poll(timeout: .milliseconds(200)).records
            }
            #expect(records.count == 10)

            let producer = try KafkaProducer(
                configuration: Self.producerConfiguration(bootstrap, transactionalID: "eos-loop")
            )
            defer { try? producer.close() }
            try producer.initTransactions(timeout: .seconds(10))
            let input = TopicPartition(topic: "eos-in", partition: 0)
            for (chunk, commit) in [(records.prefix(5), true), (records.suffix(5), false)] {
                try producer.beginTransaction()
                for record in chunk {
                    let value = String(decoding: record.value ?? [], as: UTF8.self).uppercased()
                    try producer.send(KafkaProducerRecord(topic: "eos-out", key: nil, value: Array(value.utf8)))
                }
                try producer.sendOffsetsToTransaction(
                    [input: chunk.last!.offset + 1],
                    groupMetadata: try consumer.groupMetadata(),
                    timeout: .seconds(10)
                )
                if commit {
                    try producer.commitTransaction(timeout: .seconds(10))
                } else {
                    // Flush first, so the aborted records reach the log instead of being purged locally.
                    try producer.flush(timeout: .seconds(10))
                    try producer.abortTransaction(timeout: .seconds(10))
                }
            }

            #expect(try Self.readToEnd(bootstrap, topic: "eos-out") == (0..<5).map { "RECORD-\($0)" })
            #expect(try consumer.committed([input])[input] == 5)
            let watermarks = try consumer.watermarks(topic: "eos-out", partition: 0)
            // 5 committed records, a COMMIT marker, 5 aborted records, an ABORT marker.
            #expect(watermarks.low == 0)
            #expect(watermarks.high == 12)
        }
    }

    @Test("a second instance with the same transactional id fences the first, whose records stay invisible")
    func fencing() throws {
        try TestBroker.with { broker in
            let bootstrap = broker.bootstrapServers
            try broker.createTopic("fenced", partitions: 1)
            let configuration = Self.producerConfiguration(bootstrap, transactionalID: "fenced-id")
            let zombie = try KafkaProducer(configuration: configuration)
            defer { try? zombie.close() }
            try zombie.initTransactions(timeout: .seconds(10))
            try zombie.beginTransaction()
            try zombie.send(KafkaProducerRecord(topic: "fenced", key: nil, value: Array("zombie".utf8)))
            try zombie.flush(timeout: .seconds(10))

            let successor = try KafkaProducer(configuration: configuration)
            defer { try? successor.close() }
            try successor.initTransactions(timeout: .seconds(10))

            var failure: KafkaError?
            do throws(KafkaError) {
                try zombie.send(KafkaProducerRecord(topic: "fenced", key: nil, value: Array("late".utf8)))
                try zombie.commitTransaction(timeout: .seconds(10))
            } catch {
                failure = error
            }
            #expect(failure?.isFatal == true)

            try successor.beginTransaction()
            try successor.send(KafkaProducerRecord(topic: "fenced", key: nil, value: Array("live".utf8)))
            try successor.commitTransaction(timeout: .seconds(10))
            #expect(try Self.readToEnd(bootstrap, topic: "fenced") == ["live"])
        }
    }

    @Test("three wrapper consumers with the default cooperative-sticky strategy share six partitions")
    func cooperativeGroup() throws {
        try TestBroker.with { broker in
            let bootstrap = broker.bootstrapServers
            try broker.createTopic("shared", partitions: 6)
            let members = try (0..<3).map { _ in
                try KafkaConsumer(configuration: Self.consumerConfiguration(bootstrap, groupID: "cooperative"))
            }
            // The third member is closed in the test (and by its deinit if the test fails before that).
            defer { for member in members[0..<2] { try? member.close() } }
            for member in members { try member.subscribe(topics: ["shared"]) }

            func settle(_ active: [KafkaConsumer], expected: [Int]) throws -> [Int] {
                var sizes: [Int] = []
                var stableSince: ContinuousClock.Instant?
                let deadline = ContinuousClock.now + .seconds(30)
                while ContinuousClock.now < deadline {
                    for member in active { _ = try member.poll(timeout: .milliseconds(50)) }
                    let assignments = try active.map { try $0.assignment() }
                    sizes = assignments.map(\.count).sorted()
                    if sizes == expected, Set(assignments.joined()).count == 6 {
                        stableSince = stableSince ?? .now
                        if ContinuousClock.now - stableSince! > .seconds(1) { return sizes }
                    } else {
                        stableSince = nil
                    }
                }
                return sizes
            }
            #expect(try settle(members, expected: [2, 2, 2]) == [2, 2, 2])
            try members[2].close()
            #expect(try settle(Array(members[0..<2]), expected: [3, 3]) == [3, 3])
        }
    }
}
