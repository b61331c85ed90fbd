import Sluice
import SluiceKafka
import SluiceTesting
import Testing

@Suite("Topology test driver")
struct TopologyTestDriverTests {
    func passThrough() throws -> Topology {
        let builder = TopologyBuilder()
        builder.source("in", key: .optional(.string), value: .string).to("out", key: .optional(.string), value: .string)
        return try builder.build()
    }

    @Test(
        "murmur2 matches the Java client's hash",
        arguments: [
            ("21", -973_932_308),
            ("foobar", -790_332_482),
            ("a-little-bit-long-string", -985_981_536),
            ("a-little-bit-longer-string", -1_486_304_829),
            ("lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8", -58_897_971),
            ("abc", 479_470_107),
        ]
    )
    func murmur2(key: String, expected: Int32) {
        #expect(Int32(bitPattern: TopologyTestDriver.murmur2(Array(key.utf8))) == expected)
    }

    @Test("null keys go to the input partition modulo the output's partition count")
    func nullKeys() throws {
        let driver = TopologyTestDriver(topology: try passThrough(), partitionCounts: ["in": 6, "out": 4])
        for partition: Int32 in 0..<6 {
            driver.pipeInput(topic: "in", key: nil, value: Array("v".utf8), partition: partition)
        }
        let records = driver.readOutput(topic: "out")
        #expect(records.map(\.partition) == [0, 1, 2, 3, 0, 1])
        #expect(records.allSatisfy { $0.key == nil })
        #expect(records.map(\.offset) == [0, 0, 0, 0, 1, 1])
    }

    @Test("keyed outputs are placed by murmur2, the same key always on the same partition")
    func keyedPlacement() throws {
        let driver = TopologyTestDriver(topology: try passThrough(), partitionCounts: ["out": 3])
        let input = driver.inputTopic("in", key: .optional(.string), value: .string)
        for key in ["EWR", "JFK", "LGA", "EWR"] {
            try input.pipe(key: key, value: "v", partition: 2)
        }
        let records = driver.readOutput(topic: "out")
        let expected = ["EWR", "JFK", "LGA", "EWR"].map {
            Int32(bitPattern: TopologyTestDriver.murmur2(Array($0.utf8)) & 0x7fff_ffff) % 3
        }
        #expect(records.map(\.partition) == expected)
        #expect(records[0].partition == records[3].partition)
    }

    @Test("reading takes records; counts and topic names follow")
    func readingTakes() throws {
        let driver = TopologyTestDriver(topology: try passThrough())
        let output = driver.outputTopic("out", key: .optional(.string), value: .string)
        #expect(output.isEmpty)
        let input = driver.inputTopic("in", key: .optional(.string), value: .string)
        try input.pipe([(key: "a", value: "1"), (key: "b", value: "2"), (key: nil, value: "3")])
        #expect(output.count == 3)
        #expect(driver.outputTopicNames == ["out"])
        #expect(try output.readRecord()?.value == "1")
        #expect(try output.readKeyValues().map(\.key) == ["b", nil])
        #expect(output.isEmpty)
        #expect(try output.readRecord() == nil)
        #expect(driver.readOutput(topic: "never-written").isEmpty)
    }

    @Test("an input topic stamps records with its clock, auto-advances it and can advance by hand")
    func inputClock() throws {
        let driver = TopologyTestDriver(topology: try passThrough())
        let input = driver.inputTopic(
            "in",
            key: .optional(.string),
            value: .string,
            startTimestamp: 1_000,
            autoAdvance: .milliseconds(10)
        )
        try input.pipe(key: nil, value: "a")
        try input.pipe(key: nil, value: "b")
        input.advance(by: .seconds(1))
        try input.pipe(key: nil, value: "c")
        try input.pipe(key: nil, value: "d", timestamp: 5)
        #expect(input.currentTimestamp == 2_030)
        #expect(driver.readOutput(topic: "out").map(\.timestamp) == [1_000, 1_010, 2_020, 5])
    }

    @Test("the latest value per key reads like a compacted topic")
    func latestByKey() throws {
        let driver = TopologyTestDriver(topology: try passThrough())
        let input = driver.inputTopic("in", key: .optional(.string), value: .string)
        try input.pipe([(key: "EWR", value: "1"), (key: "JFK", value: "2"), (key: "EWR", value: "3")])
        let latest = try driver.outputTopic("out", key: .string, value: .string).readLatestValuesByKey()
        #expect(latest == ["EWR": "3", "JFK": "2"])
    }

    @Test("typed pipeInput and readOutput round-trip through serdes")
    func typedHelpers() throws {
        let driver = TopologyTestDriver(topology: try passThrough())
        try driver.pipeInput(topic: "in", key: "k", value: "v", keySerde: .optional(.string), valueSerde: .string)
        let records = try driver.readOutput(topic: "out", key: .optional(.string), value: .string)
        #expect(records.count == 1)
        #expect(records.first?.key == "k")
        #expect(records.first?.value == "v")
        #expect(records.first?.topic == "out")
    }
}
