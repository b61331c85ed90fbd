import Foundation
import SluiceKafka
import SluiceTesting
import Testing

@testable import SluiceBroker

/// Injected errors, delays, dropped and refused connections, in process and through the control port.
@Suite("Fault injection", .serialized)
struct FaultInjectionTests {
    @Test("the next N Produce requests fail with the injected code and append nothing")
    func injectProduceErrors() throws {
        try TestBroker.with { broker in
            try broker.createTopic("faults", partitions: 1)
            try broker.injectErrors(api: "Produce", errorCode: 6, count: 3)
            let client = try RawClient(port: broker.port)
            let codes = try (0..<5).map { _ in try client.produce("faults", batch: TestBatch.make(values: ["v"])).error
            }
            #expect(codes == [6, 6, 6, 0, 0])
            #expect(broker.highWatermark(topic: "faults", partition: 0) == 2)

            try broker.injectErrors(api: "initproducerid", errorCode: 51, count: 1)
            #expect(try client.initProducerID("faults-tx").error == 51)
            #expect(try client.initProducerID("faults-tx").error == 0)
            try broker.injectErrors(api: "8", errorCode: 29, count: 1)
            #expect(try client.commitOffset(group: "g", topic: "faults", offset: 1) == 29)
            #expect(broker.committedOffset(group: "g", topic: "faults", partition: 0) == nil)
            #expect(throws: BrokerError.self) { try broker.injectErrors(api: "Metadata", errorCode: 1, count: 1) }
            #expect(throws: BrokerError.self) { try broker.injectErrors(api: "NoSuchApi", errorCode: 1, count: 1) }
        }
    }

    @Test("librdkafka sees the injected codes: a retriable one is retried, a permanent one fails the delivery")
    func librdkafkaSeesInjectedCodes() throws {
        try TestBroker.with { broker in
            try broker.createTopic("faults-client", partitions: 1)
            var configuration = KafkaTestProfile.producer(bootstrap: broker.bootstrapServers)
            configuration.enableIdempotence = false
            configuration.common.properties["retry.backoff.ms"] = "10"
            let producer = try KafkaProducer(configuration: configuration)
            defer { try? producer.close() }

            try broker.injectErrors(api: "Produce", errorCode: 6, count: 3)
            try producer.send(KafkaProducerRecord(topic: "faults-client", key: nil, value: Array("retried".utf8)))
            try producer.flush(timeout: .seconds(10))
            #expect(producer.takeDeliveryError() == nil)
            #expect(broker.highWatermark(topic: "faults-client", partition: 0) == 1)
            #expect(broker.state.withLock { broker.state.faults.errors.isEmpty })

            try broker.injectErrors(api: "Produce", errorCode: 87, count: 1)
            try producer.send(KafkaProducerRecord(topic: "faults-client", key: nil, value: Array("rejected".utf8)))
            do {
                try producer.flush(timeout: .seconds(10))
                Issue.record("the delivery should have failed")
            } catch let error as KafkaError {
                #expect(error.code.rawValue == 87)
            }
            #expect(broker.highWatermark(topic: "faults-client", partition: 0) == 1)

            let consumer = try KafkaConsumer(
                configuration: KafkaTestProfile.consumer(bootstrap: broker.bootstrapServers, groupID: "faults-group")
            )
            defer { try? consumer.close() }
            try broker.injectErrors(api: "OffsetCommit", errorCode: 29, count: 1)
            let partition = TopicPartition(topic: "faults-client", partition: 0)
            #expect(throws: KafkaError.self) { try consumer.commit([partition: 1]) }
            try consumer.commit([partition: 1])
            #expect(broker.committedOffset(group: "faults-group", topic: "faults-client", partition: 0) == 1)
        }
    }

    @Test("delayed responses, dropped connections and a pause in accepting")
    func delayDropPause() throws {
        try TestBroker.with { broker in
            try broker.createTopic("slow", partitions: 1)
            let client = try RawClient(port: broker.port)
            broker.delayResponses(by: .milliseconds(300))
            let start = ContinuousClock.now
            #expect(try client.listOffset("slow", timestamp: -1) == 0)
            #expect(ContinuousClock.now - start >= .milliseconds(290))
            broker.delayResponses(by: .zero)

            broker.dropAllConnections()
            #expect(client.isClosedByPeer())

            broker.pauseAccepting(for: .milliseconds(500))
            let refused = try RawClient(port: broker.port)
            #expect(refused.isClosedByPeer())
            Thread.sleep(forTimeInterval: 0.6)
            let accepted = try RawClient(port: broker.port)
            #expect(try accepted.listOffset("slow", timestamp: -1) == 0)
        }
    }

    @Test("sluice broker-fault drives the control port of a running broker")
    func commandLine() throws {
        try TestBroker.with(configure: { $0.controlPort = 0 }) { broker in
            try broker.createTopic("controlled", partitions: 1)
            #expect(broker.controlPort > 0)
            let control = "127.0.0.1:\(broker.controlPort)"
            let sluice = BrokerProcess.executable.path

            let inject = try ExternalProcess.run(
                sluice,
                ["broker-fault", "inject", "--control", control, "--api", "Produce", "--error", "6", "--count", "2"]
            )
            #expect(inject.status == 0, "\(inject.standardError)")
            let client = try RawClient(port: broker.port)
            let codes = try (0..<3).map { _ in
                try client.produce("controlled", batch: TestBatch.make(values: ["v"])).error
            }
            #expect(codes == [6, 6, 0])

            let bad = try ExternalProcess.run(
                sluice,
                ["broker-fault", "inject", "--control", control, "--api", "Metadata", "--error", "6"]
            )
            #expect(bad.status == 1)
            #expect(bad.standardError.contains("cannot inject"))

            #expect(
                try ExternalProcess.run(sluice, ["broker-fault", "delay", "--control", control, "--ms", "200"]).status
                    == 0
            )
            let start = ContinuousClock.now
            _ = try client.listOffset("controlled", timestamp: -1)
            #expect(ContinuousClock.now - start >= .milliseconds(190))
            #expect(try ExternalProcess.run(sluice, ["broker-fault", "clear", "--control", control]).status == 0)

            #expect(
                try ExternalProcess.run(sluice, ["broker-fault", "drop-connections", "--control", control]).status == 0
            )
            #expect(client.isClosedByPeer())
            #expect(
                try ExternalProcess.run(sluice, ["broker-fault", "pause", "--control", control, "--seconds", "0.5"])
                    .status == 0
            )
            #expect(try RawClient(port: broker.port).isClosedByPeer())
            Thread.sleep(forTimeInterval: 0.6)
            #expect(try RawClient(port: broker.port).listOffset("controlled", timestamp: -1) == 1)

            let usage = try ExternalProcess.run(sluice, ["broker-fault", "inject", "--control", control])
            #expect(usage.status == 2)
        }
    }
}
