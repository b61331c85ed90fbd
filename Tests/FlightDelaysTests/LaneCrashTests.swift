import FlightDelays
import Foundation
import Sluice
import SluiceBroker
import SluiceKafka
import Testing

/// The flights job with its simulated aircraft lookup (16 ms a flight) on 4 key lanes per task, crashed twice on
/// the project's broker: once by its own SIGKILL just before a transaction commit, once by SIGKILL from outside
/// while lanes are busy. A bounded worker then finishes, and a read_committed reader finds every input flight
/// exactly once, with each aircraft's flights in source order.
@Suite("Key lanes through SIGKILL", .serialized)
struct LaneCrashTests {
    @Test("crashed laned workers leave no flight lost or duplicated, and each aircraft's flights in order")
    func crashesKeepExactlyOnceAndOrder() throws {
        let broker = Broker(configuration: BrokerConfiguration(port: 0))
        try broker.start()
        defer { broker.stop() }
        let flights = StatefulFlightsTests.fixtures.appendingPathComponent("flights-slice.csv").path
        let common = [
            "run", "flights", "--bootstrap", broker.bootstrapServers, "--data", flights, "--stateless",
            "--log-level", "warning",
        ]
        let worker =
            common + [
                "--no-load", "--threads", "1", "--session-timeout", "6s", "--lookup-delay", "16ms", "--lookup-lanes",
                "4",
            ]
        let load = try SluiceProcess(common + ["--load-only"])
        #expect(try load.wait() == 0, "\(load.errorOutput)")

        // Kills itself at its fourth commit, after the lanes delivered and before the transaction commits.
        let selfKilled = try SluiceProcess(
            worker,
            environment: ["SLUICE_CRASH_AT": "before-commit", "SLUICE_CRASH_AFTER_COMMITS": "3"]
        )
        #expect(try selfKilled.wait() == SIGKILL, "\(selfKilled.errorOutput)")
        let committedBefore = committed(broker)
        let killed = try SluiceProcess(worker)
        // Kill it once it has committed work of its own, while its lanes are busy with more.
        let deadline = ContinuousClock.now + .seconds(60)
        while committed(broker) == committedBefore && ContinuousClock.now < deadline {
            Thread.sleep(forTimeInterval: 0.05)
        }
        Thread.sleep(forTimeInterval: 0.3)
        killed.kill()
        #expect(try killed.wait() == SIGKILL, "the worker was still busy when killed")
        let finisher = try SluiceProcess(worker)
        #expect(try finisher.wait() == 0, "\(finisher.errorOutput)")

        let reader = try CommittedTopicReader(bootstrap: broker.bootstrapServers)
        let outputs =
            try reader.records(of: FlightDelaysTopology.cancelledTopic)
            + reader.records(of: FlightDelaysTopology.departedTopic)
            + reader.records(of: FlightDelaysTopology.deadLetterTopic)
        let inputs = try reader.records(of: FlightDelaysTopology.inputTopic)
        #expect(inputs.count == 3_000)

        var provenances: [String: Int] = [:]
        var lastOffset: [String: Int64] = [:]
        var orderViolations: [String] = []
        for record in outputs {
            guard let provenance = record.header("sluice.provenance")?.stringValue else { continue }
            provenances[provenance, default: 0] += 1
            guard record.topic != FlightDelaysTopology.deadLetterTopic else { continue }
            let parts = provenance.split(separator: ":")
            let flight = try Serde<Flight>.flight.deserialize(record.value)
            guard parts.count == 3, let offset = Int64(parts[2]), let tailnum = flight.tailnum else { continue }
            // One aircraft (the lanes' key) from one source partition into one output partition: in source order.
            let stream = "\(record.topic)-\(record.partition)|\(parts[1])|\(tailnum)"
            if let last = lastOffset[stream], last >= offset {
                orderViolations.append("\(stream): \(offset) after \(last)")
            }
            lastOffset[stream] = offset
        }
        let expected = Set(inputs.map { "\($0.topic):\($0.partition):\($0.offset)" })
        #expect(Set(provenances.keys) == expected, "every input has an output or a dead letter")
        #expect(provenances.values.allSatisfy { $0 == 1 }, "no input has two outputs")
        #expect(orderViolations.isEmpty, "\(orderViolations.prefix(5))")
    }

    /// The sum of the job's committed offsets on `flights`.
    private func committed(_ broker: Broker) -> Int64 {
        (0..<FlightDelaysTopology.inputPartitions).reduce(0) { sum, partition in
            sum
                + (broker.committedOffset(
                    group: FlightDelaysTopology.applicationID,
                    topic: FlightDelaysTopology.inputTopic,
                    partition: partition
                ) ?? 0)
        }
    }
}
