import Sluice
import SluiceKafka
import SluiceTesting
import Testing

@Suite("Session windows in the test driver")
struct SessionWindowTests {
    /// Counts `events` per key and session, written to `counts` keyed `<key>@<start>-<end>`.
    func counting(
        _ windows: SessionWindows,
        emit: WindowEmission,
        partitionCounts: [String: Int] = [:]
    ) throws -> TopologyTestDriver {
        let builder = TopologyBuilder()
        builder.source("events", key: .string, value: .string)
            .groupByKey(key: .string, value: .string)
            .windowedBy(windows)
            .count(named: "sessions", emit: emit)
            .map { session, count in ("\(session.key)@\(session.start)-\(session.end)", count) }
            .to("counts", key: .string, value: .int64)
        return TopologyTestDriver(topology: try builder.build(), partitionCounts: partitionCounts)
    }

    func counts(_ driver: TopologyTestDriver) throws -> [String] {
        try driver.outputTopic("counts", key: .string, value: .int64).readKeyValues().map { "\($0.key)=\($0.value)" }
    }

    @Test("a record within the gap of two open sessions merges them into one, aggregates combined by the merger")
    func bridge() throws {
        // The grace keeps the first session open until the bridging record arrives out of order.
        let driver = try counting(.with(gap: .seconds(5), grace: .seconds(10)), emit: .onWindowClose)
        let events = driver.inputTopic("events", key: .string, value: .string)
        try events.pipe(key: "a", value: "", timestamp: 0)
        try events.pipe(key: "a", value: "", timestamp: 1_000)
        try events.pipe(key: "a", value: "", timestamp: 10_000)
        try events.pipe(key: "a", value: "", timestamp: 5_000)
        #expect(try counts(driver).isEmpty)

        driver.endOfInput()
        #expect(try counts(driver) == ["a@0-10001=4"])
        #expect(driver.errors.isEmpty)

        // The merged-away sessions and the final one are all deleted: the changelog ends in tombstones.
        var latest: [[UInt8]: [UInt8]?] = [:]
        for record in driver.changelog(of: "sessions") { latest[record.key ?? []] = .some(record.value) }
        #expect(!latest.isEmpty)
        #expect(latest.values.allSatisfy { $0 == nil })
    }

    @Test("records more than the gap apart, or of other keys, make separate sessions")
    func separate() throws {
        let driver = try counting(.with(gap: .seconds(5)), emit: .onWindowClose)
        let events = driver.inputTopic("events", key: .string, value: .string)
        try events.pipe(key: "a", value: "", timestamp: 0)
        try events.pipe(key: "b", value: "", timestamp: 2_000)
        try events.pipe(key: "a", value: "", timestamp: 5_001)
        try events.pipe(key: "a", value: "", timestamp: 7_000)
        driver.endOfInput()
        #expect(try counts(driver) == ["a@0-1=1", "b@2000-2001=1", "a@5001-7001=2"])
    }

    @Test("a session exactly the gap away still merges: the gap bounds are inclusive")
    func inclusiveGap() throws {
        let driver = try counting(.with(gap: .seconds(5)), emit: .onWindowClose)
        let events = driver.inputTopic("events", key: .string, value: .string)
        try events.pipe(key: "a", value: "", timestamp: 10_000)
        try events.pipe(key: "a", value: "", timestamp: 5_000)
        try events.pipe(key: "a", value: "", timestamp: 14_000)
        driver.endOfInput()
        #expect(try counts(driver) == ["a@5000-14001=3"])
    }

    @Test("emitting on close: each session once, when progress reaches its end plus gap plus grace")
    func onWindowClose() throws {
        let driver = try counting(.with(gap: .seconds(5), grace: .seconds(2)), emit: .onWindowClose)
        let events = driver.inputTopic("events", key: .string, value: .string)
        try events.pipe(key: "a", value: "", timestamp: 1_000)
        try events.pipe(key: "b", value: "", timestamp: 3_000)
        try events.pipe(key: "c", value: "", timestamp: 7_999)
        #expect(try counts(driver).isEmpty)

        // Session a closes at 1 + 5 + 2 = 8 s, session b at 10 s.
        try events.pipe(key: "c", value: "", timestamp: 8_000)
        #expect(try counts(driver) == ["a@1000-1001=1"])
        try events.pipe(key: "c", value: "", timestamp: 20_000)
        let records = try driver.outputTopic("counts", key: .string, value: .int64).readRecords()
        #expect(records.map { "\($0.key)=\($0.value)" } == ["b@3000-3001=1", "c@7999-8001=2"])
        // A final count carries its session's last record time.
        #expect(records.map(\.timestamp) == [3_000, 8_000])

        driver.endOfInput()
        #expect(try counts(driver) == ["c@20000-20001=1"])
        driver.endOfInput()
        #expect(try counts(driver).isEmpty)
        #expect(driver.errors.isEmpty)
    }

    @Test("emitting on update: each change at once, a merge as the merged session, nothing more at close")
    func onUpdate() throws {
        let driver = try counting(.with(gap: .seconds(5), grace: .seconds(10)), emit: .onUpdate)
        let events = driver.inputTopic("events", key: .string, value: .string)
        try events.pipe(key: "a", value: "", timestamp: 0)
        try events.pipe(key: "a", value: "", timestamp: 8_000)
        try events.pipe(key: "a", value: "", timestamp: 4_000)
        #expect(try counts(driver) == ["a@0-1=1", "a@8000-8001=1", "a@0-8001=3"])
        driver.endOfInput()
        #expect(try counts(driver).isEmpty)
    }

    @Test("a record whose session has closed is late and counted; one next to an open session is not")
    func late() throws {
        let driver = try counting(.with(gap: .seconds(5)), emit: .onWindowClose)
        let events = driver.inputTopic("events", key: .string, value: .string)
        try events.pipe(key: "a", value: "", timestamp: 0)
        try events.pipe(key: "b", value: "", timestamp: 20_000)
        #expect(try counts(driver) == ["a@0-1=1"])

        // A lone record at 14 s would close at 19 s, before progress (20 s): late.
        let error = try #require(try events.pipe(key: "a", value: "", timestamp: 14_000))
        #expect(error.stage == .late)
        #expect(error.operatorName == "sessions")
        let late = try #require(error.underlying as? LateRecordError)
        #expect(late.eventTime == 14_000)
        #expect(late.progress == 20_000)
        #expect(late.grace == 0)
        #expect(driver.lateRecords == 1)

        // At 15 s it reaches the open session of b at 20 s and extends it back; at 16 s it opens its own.
        #expect(try events.pipe(key: "b", value: "", timestamp: 15_000) == nil)
        #expect(try events.pipe(key: "a", value: "", timestamp: 16_000) == nil)
        driver.endOfInput()
        #expect(try counts(driver) == ["a@16000-16001=1", "b@15000-20001=2"])
        #expect(driver.lateRecords == 1)
        #expect(driver.errors.count == 1)
    }

    @Test("endOfInput closes every session of every task")
    func endOfInputClosesEverything() throws {
        let driver = try counting(.with(gap: .seconds(60)), emit: .onWindowClose, partitionCounts: ["events": 2])
        let events = driver.inputTopic("events", key: .string, value: .string)
        try events.pipe(key: "a", value: "", timestamp: 1_000, partition: 0)
        try events.pipe(key: "b", value: "", timestamp: 2_000, partition: 1)
        try events.pipe(key: "a", value: "", timestamp: 3_000, partition: 0)
        #expect(try counts(driver).isEmpty)

        driver.endOfInput()
        #expect(Set(try counts(driver)) == ["a@1000-3001=2", "b@2000-2001=1"])
        #expect(driver.errors.isEmpty)
    }

    @Test("a custom aggregate merges sessions with its merger")
    func customAggregate() throws {
        let builder = TopologyBuilder()
        builder.source("events", key: .string, value: .string)
            .groupByKey(key: .string, value: .string)
            .windowedBy(.with(gap: .seconds(5), grace: .seconds(10)))
            .aggregate(
                named: "pages",
                initial: { "" },
                value: .string,
                emit: .onWindowClose,
                merger: { _, first, second in first + second }
            ) { _, page, pages in pages + page }
            .map { session, pages in (session.key, pages) }
            .to("visits", key: .string, value: .string)
        let driver = TopologyTestDriver(topology: try builder.build())
        let events = driver.inputTopic("events", key: .string, value: .string)
        try events.pipe(key: "u", value: "a", timestamp: 0)
        try events.pipe(key: "u", value: "c", timestamp: 10_000)
        try events.pipe(key: "u", value: "b", timestamp: 5_000)
        driver.endOfInput()
        #expect(try driver.outputTopic("visits", key: .string, value: .string).readValues() == ["acb"])
    }

    @Test("a gap that is not positive fails the build")
    func invalidGap() throws {
        let builder = TopologyBuilder()
        builder.source("events", key: .string, value: .string)
            .groupByKey(key: .string, value: .string)
            .windowedBy(.with(gap: .zero))
            .count()
            .map { session, count in (session.key, count) }
            .to("counts", key: .string, value: .int64)
        #expect(throws: TopologyError(.invalidWindow, "")) { try builder.build() }
    }
}
