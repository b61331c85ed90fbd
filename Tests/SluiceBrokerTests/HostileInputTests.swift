import Foundation
import Glibc
import SluiceKafka
import SluiceTesting
import Testing

@testable import SluiceBroker

/// Thousands of spoiled and garbage frames against a running broker: it must not crash, must not corrupt its
/// log, and must keep serving a real client.
@Suite("Hostile input", .serialized)
struct HostileInputTests {
    /// A raw loopback connection that sends frames and reads whatever comes back without waiting long.
    private final class Connection {
        let socket: Int32

        init(port: Int) throws {
            socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = in_port_t(UInt16(port).bigEndian)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            let connected = withUnsafePointer(to: &address) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
            guard connected == 0 else { throw RawClient.Closed() }
        }

        deinit {
            close(socket)
        }

        /// Sends the bytes and drains what has arrived without waiting; false once the broker has closed the
        /// connection.
        func exchange(_ bytes: [UInt8]) -> Bool {
            let sent = bytes.withUnsafeBytes { Glibc.send(socket, $0.baseAddress!, bytes.count, Int32(MSG_NOSIGNAL)) }
            guard sent == bytes.count else { return false }
            var buffer = [UInt8](repeating: 0, count: 65_536)
            while true {
                let received = buffer.withUnsafeMutableBytes {
                    recv(socket, $0.baseAddress!, 65_536, Int32(MSG_DONTWAIT))
                }
                if received > 0 { continue }
                return received < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)
            }
        }
    }

    /// Every partition's batches have matching CRCs and contiguous, increasing offsets.
    private static func logsAreIntact(_ broker: Broker) -> Bool {
        broker.state.withLock {
            broker.state.topics.values.allSatisfy { topic in
                topic.partitions.allSatisfy { partition in
                    var next = partition.logStartOffset
                    for batch in partition.batches {
                        guard batch.baseOffset >= next, StoredBatch.validated(batch.bytes, at: 0) != nil else {
                            return false
                        }
                        next = batch.lastOffset + 1
                    }
                    return next <= partition.highWatermark
                }
            }
        }
    }

    @Test("20,000 seeded spoiled or garbage frames: no crash, an intact log, and a real client is served after")
    func randomizedFrames() throws {
        let seed = UInt64(ProcessInfo.processInfo.environment["SLUICE_HOSTILE_SEED"] ?? "") ?? 20_261_204
        try DataDirectory.with { directory in
            try TestBroker.with(configure: { $0.dataDirectory = directory }) { broker in
                try broker.createTopic("intact", partitions: 1)
                try broker.createTopic("hostile", partitions: 1)
                let client = try RawClient(port: broker.port)
                for index in 0..<50 {
                    #expect(try client.produce("intact", batch: TestBatch.make(values: ["intact-\(index)"])).error == 0)
                }
                let before = try client.fetch("intact", offset: 0, maxWaitMilliseconds: 0)

                var random = SeededGenerator(seed: seed)
                let valid = HostileFrames.valid(topic: "hostile", group: "hostile-group")
                var connection = try Connection(port: broker.port)
                var closedByBroker = 0
                for round in 0..<20_000 {
                    // A spoiled Fetch or JoinGroup may hold its connection for long; start afresh now and then.
                    if round % 50 == 49 { connection = try Connection(port: broker.port) }
                    let frame: [UInt8]
                    switch Int.random(in: 0..<10, using: &random) {
                    case 0: frame = HostileFrames.garbage(using: &random)
                    case 1: frame = valid.randomElement(using: &random)!
                    default: frame = HostileFrames.mutate(valid.randomElement(using: &random)!, using: &random)
                    }
                    if !connection.exchange(frame) {
                        closedByBroker += 1
                        connection = try Connection(port: broker.port)
                    }
                }
                #expect(closedByBroker > 100, "seed \(seed)")
                #expect(Self.logsAreIntact(broker), "seed \(seed)")

                let after = try RawClient(port: broker.port).fetch("intact", offset: 0, maxWaitMilliseconds: 0)
                #expect(after.highWatermark == 50, "seed \(seed)")
                #expect(after.records == before.records, "seed \(seed)")

                let producer = try KafkaProducer(
                    configuration: KafkaTestProfile.producer(bootstrap: broker.bootstrapServers)
                )
                try producer.send(KafkaProducerRecord(topic: "intact", key: nil, value: Array("real-client".utf8)))
                try producer.flush(timeout: .seconds(10))
                try producer.close()
                var configuration = KafkaTestProfile.consumer(bootstrap: broker.bootstrapServers, groupID: nil)
                configuration.enablePartitionEOF = true
                let consumer = try KafkaConsumer(configuration: configuration)
                defer { try? consumer.close() }
                try consumer.assign([TopicPartition(topic: "intact", partition: 0): 0])
                let records = try KafkaTestProfile.drain(consumer) { $0.count >= 51 }
                #expect(records.count == 51)
                #expect(records.last.map { String(decoding: $0.value ?? [], as: UTF8.self) } == "real-client")
            }
        }
    }
}
