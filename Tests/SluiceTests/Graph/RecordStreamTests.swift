import Sluice
import SluiceKafka
import SluiceTesting
import Synchronization
import Testing

@Suite("Record stream operators")
struct RecordStreamTests {
    /// Builds a topology that reads `in` with string keys and values, and a driver for it.
    func run<Key, Value>(
        key: Serde<Key>,
        value: Serde<Value>,
        _ body: (RecordStream<String, String>) -> RecordStream<Key, Value>
    ) throws -> (TopologyTestDriver, TopologyTestDriver.InputTopic<String, String>) {
        let builder = TopologyBuilder()
        body(builder.source("in", key: .string, value: .string)).to("out", key: key, value: value)
        let driver = TopologyTestDriver(topology: try builder.build())
        return (driver, driver.inputTopic("in", key: .string, value: .string))
    }

    func output<Key, Value>(_ driver: TopologyTestDriver, key: Serde<Key>, value: Serde<Value>) throws -> [String] {
        try driver.outputTopic("out", key: key, value: value).readKeyValues().map { "\($0.key)=\($0.value)" }
    }

    @Test("map replaces key and value, and may change their types")
    func map() throws {
        let (driver, input) = try run(key: .int32, value: .string) { stream in
            stream.map { key, value in (Int32(key.count), value.uppercased()) }
        }
        try input.pipe(key: "abc", value: "x")
        try input.pipe(key: "de", value: "y")
        #expect(try output(driver, key: .int32, value: .string) == ["3=X", "2=Y"])
    }

    @Test("mapValues keeps the key")
    func mapValues() throws {
        let (driver, input) = try run(key: .string, value: .int64) { $0.mapValues { Int64($0.count) } }
        try input.pipe(key: "k", value: "four")
        #expect(try output(driver, key: .string, value: .int64) == ["k=4"])
    }

    @Test("filter keeps matching records and filterNot drops them")
    func filters() throws {
        let (kept, keptInput) = try run(key: .string, value: .string) { $0.filter { _, value in value.hasPrefix("a") } }
        let (rest, restInput) = try run(key: .string, value: .string) {
            $0.filterNot { _, value in value.hasPrefix("a") }
        }
        for value in ["apple", "banana", "avocado", "cherry"] {
            try keptInput.pipe(key: "k", value: value)
            try restInput.pipe(key: "k", value: value)
        }
        #expect(try output(kept, key: .string, value: .string) == ["k=apple", "k=avocado"])
        #expect(try output(rest, key: .string, value: .string) == ["k=banana", "k=cherry"])
    }

    @Test("flatMap emits zero or more records in order")
    func flatMap() throws {
        let (driver, input) = try run(key: .string, value: .string) { stream in
            stream.flatMap { key, value in value.split(separator: " ").map { (key + "." + $0, String($0.count)) } }
        }
        try input.pipe(key: "s", value: "a bb ccc")
        try input.pipe(key: "e", value: "")
        #expect(try output(driver, key: .string, value: .string) == ["s.a=1", "s.bb=2", "s.ccc=3"])
    }

    @Test("flatMapValues keeps the key for every value")
    func flatMapValues() throws {
        let (driver, input) = try run(key: .string, value: .string) { stream in
            stream.flatMapValues { value in value.map(String.init) }
        }
        try input.pipe(key: "k", value: "xyz")
        #expect(try output(driver, key: .string, value: .string) == ["k=x", "k=y", "k=z"])
    }

    @Test("peek sees every record and passes it on unchanged")
    func peek() throws {
        let seen = Mutex<[String]>([])
        let (driver, input) = try run(key: .string, value: .string) { stream in
            stream.peek { key, value in seen.withLock { $0.append(key + value) } }
        }
        try input.pipe(key: "a", value: "1")
        try input.pipe(key: "b", value: "2")
        #expect(seen.withLock { $0 } == ["a1", "b2"])
        #expect(try output(driver, key: .string, value: .string) == ["a=1", "b=2"])
    }

    @Test("selectKey replaces the key and keeps the value")
    func selectKey() throws {
        let (driver, input) = try run(key: .string, value: .string) { $0.selectKey { _, value in value.lowercased() } }
        try input.pipe(key: "old", value: "NEW")
        #expect(try output(driver, key: .string, value: .string) == ["new=NEW"])
    }

    @Test("branch sends each record to the first matching predicate and drops the unmatched")
    func branchOrder() throws {
        let builder = TopologyBuilder()
        let numbers = builder.source("numbers", key: .string, value: .int64)
        let branches = numbers.branch(
            { _, value in value % 2 == 0 },
            { _, value in value % 3 == 0 },
            { _, value in value < 5 }
        )
        #expect(branches.count == 3)
        for (index, branch) in branches.enumerated() {
            branch.to("out-\(index)", key: .string, value: .int64)
        }
        let driver = TopologyTestDriver(topology: try builder.build())
        let input = driver.inputTopic("numbers", key: .string, value: .int64)
        for value: Int64 in 1...9 {
            try input.pipe(key: "n", value: value)
        }
        func values(_ topic: String) throws -> [Int64] {
            try driver.outputTopic(topic, key: .string, value: .int64).readValues()
        }
        // 6 matches the first and second predicates and goes only to the first; 5 and 7 match none.
        #expect(try values("out-0") == [2, 4, 6, 8])
        #expect(try values("out-1") == [3, 9])
        #expect(try values("out-2") == [1])
    }

    @Test("merge interleaves both inputs in arrival order")
    func merge() throws {
        let builder = TopologyBuilder()
        let left = builder.source("left", key: .string, value: .string)
        let right = builder.source("right", key: .string, value: .string).mapValues { $0 + "!" }
        left.merge(right).to("out", key: .string, value: .string)
        let driver = TopologyTestDriver(topology: try builder.build())
        driver.pipeInput(topic: "left", key: Array("l".utf8), value: Array("1".utf8))
        driver.pipeInput(topic: "right", key: Array("r".utf8), value: Array("2".utf8))
        driver.pipeInput(topic: "left", key: Array("l".utf8), value: Array("3".utf8))
        #expect(try output(driver, key: .string, value: .string) == ["l=1", "r=2!", "l=3"])
    }

    @Test("one stream feeding two operators sends each record to both, in attachment order")
    func fanOut() throws {
        let builder = TopologyBuilder()
        let source = builder.source("in", key: .string, value: .string)
        source.mapValues { $0 + "-a" }.to("out", key: .string, value: .string)
        source.mapValues { $0 + "-b" }.to("out", key: .string, value: .string)
        source.to("copy", key: .string, value: .string)
        let driver = TopologyTestDriver(topology: try builder.build())
        try driver.inputTopic("in", key: .string, value: .string).pipe(key: "k", value: "v")
        #expect(try output(driver, key: .string, value: .string) == ["k=v-a", "k=v-b"])
        #expect(driver.readOutput(topic: "copy").count == 1)
    }

    @Test("a chain of operators composes")
    func chain() throws {
        let (driver, input) = try run(key: .string, value: .int32) { stream in
            stream
                .filter { _, value in !value.isEmpty }
                .mapValues { Int32($0.count) }
                .selectKey { key, _ in key + key }
                .flatMap { key, value in [(key, value), (key, value * 10)] }
                .peek { _, _ in }
        }
        try input.pipe(key: "a", value: "xy")
        try input.pipe(key: "b", value: "")
        #expect(try output(driver, key: .string, value: .int32) == ["aa=2", "aa=20"])
    }

    @Test("outputs inherit the input's timestamp and headers")
    func timestampAndHeaders() throws {
        let (driver, input) = try run(key: .string, value: .string) { $0.mapValues { $0 } }
        let traceparent = KafkaHeader(
            key: "traceparent",
            string: "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"
        )
        try input.pipe(key: "k", value: "v", timestamp: 1_357_016_400_000, headers: [traceparent])
        let record = try #require(driver.readOutput(topic: "out").first)
        #expect(record.timestamp == 1_357_016_400_000)
        #expect(record.headers == [traceparent])
    }

    @Test("the flights topology routes cancelled flights and re-keys departed ones by origin")
    func flightsTopology() throws {
        let builder = TopologyBuilder()
        let flights = builder.source("flights", key: .optional(.string), value: TestFlight.serde)
        let branches = flights.branch(named: "by-status", { _, f in f.isCancelled }, { _, _ in true })
        branches[0].to("flights-cancelled", key: .optional(.string), value: TestFlight.serde)
        branches[1].selectKey { _, f in f.origin }.to("flights-departed", key: .string, value: TestFlight.serde)
        let driver = TopologyTestDriver(topology: try builder.build())
        let input = driver.inputTopic("flights", key: .optional(.string), value: TestFlight.serde)

        try input.pipe(key: "N14228", value: TestFlight(tailnum: "N14228", origin: "EWR", depTime: 517))
        try input.pipe(key: nil, value: TestFlight(tailnum: nil, origin: "JFK", depTime: nil))
        try input.pipe(key: "N24211", value: TestFlight(tailnum: "N24211", origin: "LGA", depTime: 533))

        let cancelled = try driver.outputTopic("flights-cancelled", key: .optional(.string), value: TestFlight.serde)
            .readKeyValues()
        #expect(cancelled.map(\.key) == [nil])
        #expect(cancelled.map(\.value.origin) == ["JFK"])
        let departed = try driver.outputTopic("flights-departed", key: .string, value: TestFlight.serde)
            .readKeyValues()
        #expect(departed.map(\.key) == ["EWR", "LGA"])
        #expect(driver.errors.isEmpty)
    }
}
