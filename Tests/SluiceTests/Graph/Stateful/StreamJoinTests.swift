import Sluice
import SluiceKafka
import SluiceTesting
import Testing

@Suite("Windowed stream-stream joins in the test driver")
struct StreamJoinTests {
    /// Views joined with clicks of the same key within `windows`, written to `joined` as `view+click`.
    func joining(_ windows: JoinWindows) throws -> TopologyTestDriver {
        let builder = TopologyBuilder()
        let clicks = builder.source("clicks", key: .string, value: .string)
        let views = builder.source("views", key: .string, value: .string)
        let joined = views.join(
            clicks,
            named: "views-clicks",
            windows: windows,
            key: .string,
            value: .string,
            otherValue: .string
        ) { view, click in "\(view)+\(click)" }
        joined.to("joined", key: .string, value: .string)
        return TopologyTestDriver(topology: try builder.build())
    }

    func joined(_ driver: TopologyTestDriver) throws -> [String] {
        try driver.outputTopic("joined", key: .string, value: .string).readValues()
    }

    @Test("a record joins the other stream's records within the window, whichever side comes first")
    func bothDirections() throws {
        let driver = try joining(.within(.seconds(10)))
        let views = driver.inputTopic("views", key: .string, value: .string)
        let clicks = driver.inputTopic("clicks", key: .string, value: .string)
        try views.pipe(key: "a", value: "v1", timestamp: 1_000)
        try clicks.pipe(key: "a", value: "c1", timestamp: 5_000)
        try clicks.pipe(key: "a", value: "c2", timestamp: 20_000)
        try views.pipe(key: "a", value: "v2", timestamp: 15_000)

        let records = try driver.outputTopic("joined", key: .string, value: .string).readRecords()
        #expect(records.map(\.value) == ["v1+c1", "v2+c1", "v2+c2"])
        #expect(records.map(\.key) == ["a", "a", "a"])
        // Each joined record carries the later of its two times.
        #expect(records.map(\.timestamp) == [5_000, 15_000, 20_000])
        #expect(driver.errors.isEmpty)
    }

    @Test("records further apart than the window, or of other keys, do not join")
    func outsideWindow() throws {
        let driver = try joining(.within(.seconds(10), grace: .seconds(30)))
        let views = driver.inputTopic("views", key: .string, value: .string)
        let clicks = driver.inputTopic("clicks", key: .string, value: .string)
        try views.pipe(key: "a", value: "v1", timestamp: 10_000)
        try clicks.pipe(key: "a", value: "late-click", timestamp: 20_001)
        try clicks.pipe(key: "a", value: "early-click", timestamp: -1)
        try clicks.pipe(key: "b", value: "other-key", timestamp: 10_000)
        #expect(try joined(driver).isEmpty)

        // The window's bounds are inclusive.
        try clicks.pipe(key: "a", value: "c", timestamp: 20_000)
        try clicks.pipe(key: "a", value: "d", timestamp: 0)
        #expect(try joined(driver) == ["v1+c", "v1+d"])
        #expect(driver.errors.isEmpty)
    }

    @Test("records of one key at the same time are all kept and all joined, in arrival order")
    func duplicates() throws {
        let driver = try joining(.within(.zero))
        let views = driver.inputTopic("views", key: .string, value: .string)
        let clicks = driver.inputTopic("clicks", key: .string, value: .string)
        try views.pipe(key: "a", value: "v1", timestamp: 1_000)
        try views.pipe(key: "a", value: "v2", timestamp: 1_000)
        try clicks.pipe(key: "a", value: "c1", timestamp: 1_000)
        try clicks.pipe(key: "a", value: "c2", timestamp: 1_000)
        try views.pipe(key: "a", value: "v3", timestamp: 1_000)
        #expect(
            try joined(driver) == ["v1+c1", "v2+c1", "v1+c2", "v2+c2", "v3+c1", "v3+c2"]
        )
    }

    @Test("records made from one input record (one offset) do not overwrite each other in the buffer")
    func sameOffset() throws {
        let builder = TopologyBuilder()
        let clicks = builder.source("clicks", key: .string, value: .string)
            .flatMapValues { value in [value + "-1", value + "-2"] }
        let views = builder.source("views", key: .string, value: .string)
        views.join(clicks, windows: .within(.zero), key: .string, value: .string, otherValue: .string) { view, click in
            "\(view)+\(click)"
        }
        .to("joined", key: .string, value: .string)
        let driver = TopologyTestDriver(topology: try builder.build())
        try driver.inputTopic("clicks", key: .string, value: .string).pipe(key: "a", value: "c", timestamp: 0)
        try driver.inputTopic("views", key: .string, value: .string).pipe(key: "a", value: "v", timestamp: 0)
        #expect(try joined(driver) == ["v+c-1", "v+c-2"])
    }

    @Test("a buffered record stays while a record in time could still join it, then is deleted; older ones are late")
    func expiry() throws {
        let driver = try joining(.within(.seconds(10)))
        let views = driver.inputTopic("views", key: .string, value: .string)
        let clicks = driver.inputTopic("clicks", key: .string, value: .string)
        try views.pipe(key: "a", value: "v0", timestamp: 0)
        try clicks.pipe(key: "b", value: "", timestamp: 11_000)

        // At progress 11 s a click at 5 s is in time (11 <= 5 + 10) and still finds the view at 0.
        #expect(try clicks.pipe(key: "a", value: "c5", timestamp: 5_000) == nil)
        #expect(try joined(driver) == ["v0+c5"])

        // Older is late: an error at the late stage, counted.
        let error = try #require(try clicks.pipe(key: "a", value: "c0", timestamp: 500))
        #expect(error.stage == .late)
        #expect(error.operatorName == "views-clicks-other")
        let late = try #require(error.underlying as? LateRecordError)
        #expect(late.eventTime == 500)
        #expect(late.progress == 11_000)
        #expect(driver.lateRecords == 1)

        // Past 0 + 10 + 10 s no click in time can reach the view at 0: it is deleted, with a changelog tombstone.
        try clicks.pipe(key: "b", value: "", timestamp: 20_001)
        let changelog = driver.changelog(of: "views-clicks-this")
        #expect(changelog.map(\.topic).allSatisfy { $0 == "test-driver-views-clicks-this-changelog" })
        #expect(changelog.last?.value == nil)
        #expect(changelog.count == 2)
        #expect(try joined(driver).isEmpty)

        // endOfInput empties both buffers.
        driver.endOfInput()
        var latest: [[UInt8]: [UInt8]?] = [:]
        for record in driver.changelog(of: "views-clicks-other") { latest[record.key ?? []] = .some(record.value) }
        #expect(latest.count == 3)
        #expect(latest.values.allSatisfy { $0 == nil })
        #expect(driver.errors.count == 1)
    }

    @Test("a key change on either stream without a repartition fails the build; with one, it builds")
    func copartitioning() throws {
        func build(rekeyThis: Bool, rekeyOther: Bool, repartition: Bool) throws {
            let builder = TopologyBuilder()
            var views = builder.source("views", key: .string, value: .string)
            var clicks = builder.source("clicks", key: .string, value: .string)
            if rekeyThis { views = views.selectKey { _, value in value } }
            if rekeyOther { clicks = clicks.selectKey { _, value in value } }
            if repartition {
                views = views.repartition(named: "views-by-page", key: .string, value: .string)
                clicks = clicks.repartition(named: "clicks-by-page", key: .string, value: .string)
            }
            let joined = views.join(
                clicks,
                windows: .within(.seconds(1)),
                key: .string,
                value: .string,
                otherValue: .string
            ) { view, click in view + click }
            joined.to("joined", key: .string, value: .string)
            _ = try builder.build()
        }
        #expect(throws: TopologyError(.notCopartitioned, "")) {
            try build(rekeyThis: true, rekeyOther: false, repartition: false)
        }
        #expect(throws: TopologyError(.notCopartitioned, "")) {
            try build(rekeyThis: false, rekeyOther: true, repartition: false)
        }
        do {
            try build(rekeyThis: true, rekeyOther: false, repartition: false)
        } catch {
            #expect("\(error)".contains("repartition(named:key:value:)"))
        }
        try build(rekeyThis: true, rekeyOther: true, repartition: true)
    }

    @Test("both sides and their stores are in one sub-topology")
    func oneSubtopology() throws {
        let driver = try joining(.within(.seconds(1)))
        #expect(Set(driver.topology.storeNames) == ["views-clicks-this", "views-clicks-other"])
        #expect(driver.topology.description.contains("Sub-topology 0"))
        #expect(!driver.topology.description.contains("Sub-topology 1"))
    }

    @Test("a negative window fails the build")
    func invalidWindow() throws {
        #expect(throws: TopologyError(.invalidWindow, "")) { try joining(.within(.seconds(-1))) }
    }
}
