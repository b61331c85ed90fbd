import Foundation
import Sluice
import SluiceKafka
import SluiceTesting
import Testing

/// Laned operators through the test driver: per-key order, failures, and the sub-topologies they may sit in.
@Suite("Key lanes")
struct LaneTests {
    /// A value `key:sequence`, the sequence counting each key's records from 0.
    private static func sequence(of value: String) -> Int { Int(value.split(separator: ":")[1]) ?? -1 }

    @Test("8 lanes with uneven delays keep every key's records in input order and lose none")
    func keysStayInOrder() throws {
        let builder = TopologyBuilder()
        builder.source("in", key: .string, value: .string)
            .mapValues(named: "lookup", lanes: 8) { value in
                // Uneven waits make lanes finish out of input order across keys.
                usleep(UInt32.random(in: 0...300))
                return value
            }
            .to("out", key: .string, value: .string)
        let driver = TopologyTestDriver(topology: try builder.build())
        let input = driver.inputTopic("in", key: .string, value: .string)
        var next: [String: Int] = [:]
        var sent: [(key: String, value: String)] = []
        for _ in 0..<2_000 {
            let key = "key-\(Int.random(in: 0..<50))"
            let sequence = next[key, default: 0]
            next[key] = sequence + 1
            sent.append((key: key, value: "\(key):\(sequence)"))
        }
        try input.pipe(sent)

        let outputs = try driver.outputTopic("out", key: .string, value: .string).readKeyValues()
        #expect(outputs.count == sent.count)
        var seen: [String: Int] = [:]
        for output in outputs {
            #expect(Self.sequence(of: output.value) == seen[output.key, default: 0], "key \(output.key) out of order")
            seen[output.key, default: 0] += 1
        }
        #expect(seen == next)
    }

    @Test("a laned map dispatches by the input key and changes keys")
    func lanedMap() throws {
        let builder = TopologyBuilder()
        builder.source("in", key: .string, value: .string)
            .map(lanes: 4) { key, value in (key.uppercased(), value + "!") }
            .to("out", key: .string, value: .string)
        let driver = TopologyTestDriver(topology: try builder.build())
        try driver.inputTopic("in", key: .string, value: .string).pipe([(key: "a", value: "1"), (key: "b", value: "2")])
        let outputs = try driver.outputTopic("out", key: .string, value: .string).readKeyValues()
        #expect(Set(outputs.map { "\($0.key)=\($0.value)" }) == ["A=1!", "B=2!"])
    }

    @Test("a closure that throws on a lane fails only its record, naming the operator")
    func failures() throws {
        struct LookupFailed: Error {}
        let builder = TopologyBuilder()
        builder.source("in", key: .string, value: .string)
            .mapValues(named: "lookup", lanes: 2) { value in
                if value == "bad" { throw LookupFailed() }
                return value
            }
            .to("out", key: .string, value: .string)
        let driver = TopologyTestDriver(topology: try builder.build())
        try driver.inputTopic("in", key: .string, value: .string)
            .pipe([(key: "a", value: "ok"), (key: "b", value: "bad"), (key: "a", value: "fine")])
        #expect(try driver.outputTopic("out", key: .string, value: .string).readValues() == ["ok", "fine"])
        #expect(driver.errors.count == 1)
        #expect(driver.errors.first?.operatorName == "lookup")
        #expect(driver.errors.first?.stage == .processing)
    }

    @Test(
        "build refuses lanes beside a state store and out-of-range lane counts, and accepts them behind a repartition"
    )
    func buildChecks() throws {
        let beside = TopologyBuilder()
        beside.source("in", key: .string, value: .string)
            .mapValues(named: "lookup", lanes: 8) { $0 }
            .groupByKey(key: .string, value: .string)
            .count(named: "counts")
            .to("out", key: .string, value: .int64)
        #expect(throws: TopologyError(.invalidLanes, "")) { try beside.build() }

        let zero = TopologyBuilder()
        zero.source("in", key: .string, value: .string).mapValues(lanes: 0) { $0 }.to(
            "out",
            key: .string,
            value: .string
        )
        #expect(throws: TopologyError(.invalidLanes, "")) { try zero.build() }

        let behind = TopologyBuilder()
        behind.source("in", key: .string, value: .string)
            .mapValues(named: "lookup", lanes: 8) { $0 }
            .repartition(named: "looked-up", key: .string, value: .string)
            .groupByKey(key: .string, value: .string)
            .count(named: "counts")
            .to("out", key: .string, value: .int64)
        #expect(try behind.build().subtopologies.count == 2)
    }
}
