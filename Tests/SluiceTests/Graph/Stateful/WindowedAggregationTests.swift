import Sluice
import SluiceKafka
import SluiceTesting
import Testing

@Suite("Windowed aggregations in the test driver")
struct WindowedAggregationTests {
    /// Counts `events` per key and window, written to `counts` keyed `<key>@<window start>`.
    func counting(
        _ windows: TimeWindows,
        emit: WindowEmission,
        partitionCounts: [String: Int] = [:]
    ) throws -> TopologyTestDriver {
        let builder = TopologyBuilder()
        builder.source("events", key: .string, value: .string)
            .groupByKey(key: .string, value: .string)
            .windowedBy(windows)
            .count(named: "per-window", emit: emit)
            .map { window, count in ("\(window.key)@\(window.start)", count) }
            .to("counts", key: .string, value: .int64)
        return TopologyTestDriver(topology: try builder.build(), partitionCounts: partitionCounts)
    }

    func counts(_ driver: TopologyTestDriver) throws -> [String] {
        try driver.outputTopic("counts", key: .string, value: .int64).readKeyValues().map { "\($0.key)=\($0.value)" }
    }

    @Test("emitting on close: nothing until a window closes, then each final count once, by start then key")
    func onWindowClose() throws {
        let driver = try counting(.tumbling(size: .seconds(10)), emit: .onWindowClose)
        let events = driver.inputTopic("events", key: .string, value: .string)
        try events.pipe(key: "a", value: "", timestamp: 1_000)
        try events.pipe(key: "z", value: "", timestamp: 2_000)
        try events.pipe(key: "b", value: "", timestamp: 3_000)
        try events.pipe(key: "a", value: "", timestamp: 9_999)
        try events.pipe(key: "m", value: "", timestamp: 11_000)
        #expect(try counts(driver) == ["a@0=2", "b@0=1", "z@0=1"])

        try events.pipe(key: "m", value: "", timestamp: 12_000)
        try events.pipe(key: "x", value: "", timestamp: 40_000)
        #expect(try counts(driver) == ["m@10000=2"])

        driver.endOfInput()
        #expect(try counts(driver) == ["x@40000=1"])
        driver.endOfInput()
        #expect(try counts(driver).isEmpty)
        #expect(driver.errors.isEmpty)
    }

    @Test("a final count carries the last millisecond of its window as its timestamp")
    func closeTimestamp() throws {
        let driver = try counting(.tumbling(size: .seconds(10)), emit: .onWindowClose)
        try driver.inputTopic("events", key: .string, value: .string).pipe(key: "a", value: "", timestamp: 4_000)
        driver.endOfInput()
        let records = try driver.outputTopic("counts", key: .string, value: .int64).readRecords()
        #expect(records.map(\.timestamp) == [9_999])
    }

    @Test("windows that close by several at once come out in start order")
    func severalClose() throws {
        let driver = try counting(.tumbling(size: .seconds(10), grace: .seconds(30)), emit: .onWindowClose)
        let events = driver.inputTopic("events", key: .string, value: .string)
        try events.pipe(key: "b", value: "", timestamp: 25_000)
        try events.pipe(key: "b", value: "", timestamp: 15_000)
        try events.pipe(key: "a", value: "", timestamp: 5_000)
        #expect(try counts(driver).isEmpty)
        try events.pipe(key: "c", value: "", timestamp: 100_000)
        #expect(try counts(driver) == ["a@0=1", "b@10000=1", "b@20000=1"])
    }

    @Test("emitting on update: every change at once, nothing more at close")
    func onUpdate() throws {
        let driver = try counting(.tumbling(size: .seconds(10)), emit: .onUpdate)
        let events = driver.inputTopic("events", key: .string, value: .string)
        try events.pipe(key: "a", value: "", timestamp: 1_000)
        try events.pipe(key: "a", value: "", timestamp: 2_000)
        try events.pipe(key: "b", value: "", timestamp: 3_000)
        try events.pipe(key: "a", value: "", timestamp: 15_000)
        #expect(try counts(driver) == ["a@0=1", "a@0=2", "b@0=1", "a@10000=1"])
        driver.endOfInput()
        #expect(try counts(driver).isEmpty)

        // Closed windows are deleted: the changelog ends with a tombstone for each.
        var latest: [[UInt8]: [UInt8]?] = [:]
        for record in driver.changelog(of: "per-window") { latest[record.key ?? []] = .some(record.value) }
        #expect(latest.count == 3)
        #expect(latest.values.allSatisfy { $0 == nil })
    }

    @Test("a record within grace joins its window; one past grace is late: an error at the late stage, counted")
    func grace() throws {
        let driver = try counting(.tumbling(size: .seconds(10), grace: .seconds(5)), emit: .onWindowClose)
        let events = driver.inputTopic("events", key: .string, value: .string)
        try events.pipe(key: "a", value: "", timestamp: 1_000)
        try events.pipe(key: "a", value: "", timestamp: 13_000)
        #expect(try events.pipe(key: "a", value: "", timestamp: 9_000) == nil)
        #expect(try counts(driver).isEmpty)

        try events.pipe(key: "a", value: "", timestamp: 16_000)
        #expect(try counts(driver) == ["a@0=2"])

        let error = try #require(try events.pipe(key: "a", value: "", timestamp: 8_000))
        #expect(error.stage == .late)
        #expect(error.operatorName == "per-window")
        let late = try #require(error.underlying as? LateRecordError)
        #expect(late.eventTime == 8_000)
        #expect(late.progress == 16_000)
        #expect(late.grace == 5_000)
        #expect(driver.lateRecords == 1)
        #expect(driver.errors.count == 1)

        driver.endOfInput()
        #expect(try counts(driver) == ["a@10000=2"])
        #expect(driver.lateRecords == 1)
    }

    @Test("a hopping window record lands in size/advance windows; one still open for a window is not late")
    func hopping() throws {
        let driver = try counting(.hopping(size: .seconds(10), advance: .seconds(5)), emit: .onUpdate)
        let events = driver.inputTopic("events", key: .string, value: .string)
        try events.pipe(key: "a", value: "", timestamp: 7_000)
        #expect(try counts(driver) == ["a@0=1", "a@5000=1"])
        try events.pipe(key: "a", value: "", timestamp: 12_000)
        #expect(try counts(driver) == ["a@5000=2", "a@10000=1"])

        // Window 0 closed at 10 s; window 5000 is still open, so the record counts there and is not late.
        #expect(try events.pipe(key: "a", value: "", timestamp: 6_000) == nil)
        #expect(try counts(driver) == ["a@5000=3"])
        #expect(driver.lateRecords == 0)

        // Both windows of 4 s have closed by 16 s.
        try events.pipe(key: "a", value: "", timestamp: 16_000)
        _ = try counts(driver)
        #expect(try events.pipe(key: "a", value: "", timestamp: 4_000)?.stage == .late)
        #expect(driver.lateRecords == 1)
    }

    @Test("each input partition is its own task with its own event time; endOfInput closes every window")
    func endOfInputClosesEverything() throws {
        let driver = try counting(
            .tumbling(size: .seconds(10)),
            emit: .onWindowClose,
            partitionCounts: ["events": 2]
        )
        let events = driver.inputTopic("events", key: .string, value: .string)
        try events.pipe(key: "a", value: "", timestamp: 1_000, partition: 0)
        try events.pipe(key: "b", value: "", timestamp: 2_000, partition: 1)
        try events.pipe(key: "a", value: "", timestamp: 21_000, partition: 0)
        #expect(try counts(driver) == ["a@0=1"])

        driver.endOfInput()
        #expect(Set(try counts(driver)) == ["b@0=1", "a@20000=1"])
        #expect(driver.errors.isEmpty)
    }

    @Test("time moves on while no window is open: records filtered out before the aggregation still drive it")
    func timeWithoutOpenWindows() throws {
        let builder = TopologyBuilder()
        builder.source("events", key: .string, value: .string)
            .filter { _, value in value == "keep" }
            .groupByKey(key: .string, value: .string)
            .windowedBy(.tumbling(size: .seconds(10)))
            .count(named: "per-window", emit: .onWindowClose)
            .map { window, count in ("\(window.key)@\(window.start)", count) }
            .to("counts", key: .string, value: .int64)
        let driver = TopologyTestDriver(topology: try builder.build())
        let events = driver.inputTopic("events", key: .string, value: .string)
        try events.pipe(key: "a", value: "keep", timestamp: 1_000)
        try events.pipe(key: "a", value: "drop", timestamp: 50_000)
        #expect(try counts(driver) == ["a@0=1"])

        try events.pipe(key: "a", value: "drop", timestamp: 60_000)
        try events.pipe(key: "a", value: "drop", timestamp: 70_000)
        try events.pipe(key: "a", value: "keep", timestamp: 75_000)
        #expect(try counts(driver).isEmpty)
        driver.endOfInput()
        #expect(try counts(driver) == ["a@70000=1"])
        #expect(driver.errors.isEmpty)
    }
}
