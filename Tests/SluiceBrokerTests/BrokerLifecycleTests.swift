import Foundation
import SluiceBroker
import Testing

/// Starting, stopping and inspecting the broker through its public API.
@Suite("Broker lifecycle", .serialized)
struct BrokerLifecycleTests {
    @Test("port 0 binds a free port; stop closes it; a restart serves the same topics")
    func startStopRestart() throws {
        var configuration = BrokerConfiguration()
        configuration.port = 0
        let broker = Broker(configuration: configuration)
        try broker.start()
        #expect(broker.port > 0)
        #expect(broker.bootstrapServers == "127.0.0.1:\(broker.port)")
        #expect(throws: BrokerError.self) { try broker.start() }

        try broker.createTopic("kept", partitions: 2)
        let client = try RawClient(port: broker.port)
        #expect(try client.produce("kept", partition: 1, batch: TestBatch.make(values: ["a", "b"])).error == 0)
        #expect(broker.highWatermark(topic: "kept", partition: 1) == 2)
        #expect(broker.lastStableOffset(topic: "kept", partition: 1) == 2)
        #expect(broker.highWatermark(topic: "kept", partition: 2) == nil)
        #expect(broker.committedOffset(group: "none", topic: "kept", partition: 0) == nil)

        broker.stop()
        broker.stop()
        #expect(client.isClosedByPeer())
        #expect(throws: RawClient.Closed.self) { try RawClient(port: broker.port) }

        try broker.start()
        defer { broker.stop() }
        let again = try RawClient(port: broker.port)
        #expect(try again.listOffset("kept", partition: 1, timestamp: -1) == 2)
    }

    @Test("run blocks until stop is called from another thread")
    func runUntilStopped() throws {
        var configuration = BrokerConfiguration()
        configuration.port = 0
        let broker = Broker(configuration: configuration)
        let stopper = Thread {
            while broker.port == 0 { Thread.sleep(forTimeInterval: 0.01) }
            Thread.sleep(forTimeInterval: 0.1)
            broker.stop()
        }
        stopper.start()
        try broker.run()
        #expect(broker.port > 0)
    }

    @Test("a port that is taken is reported as a socket error")
    func portInUse() throws {
        try TestBroker.with { first in
            var configuration = BrokerConfiguration()
            configuration.port = first.port
            let second = Broker(configuration: configuration)
            #expect(throws: BrokerError.self) { try second.start() }
            #expect(throws: BrokerError.self) { try first.createTopic("bad name!", partitions: 1) }
        }
    }
}
