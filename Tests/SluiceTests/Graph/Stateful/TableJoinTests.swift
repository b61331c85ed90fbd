import Sluice
import SluiceKafka
import SluiceTesting
import Testing

@Suite("Tables and stream-table joins in the test driver")
struct TableJoinTests {
    /// Flights keyed by airport code joined with the `airports` table of city names.
    func enrichment() throws -> TopologyTestDriver {
        let builder = TopologyBuilder()
        let airports = builder.table("airports", named: "airport-cities", key: .string, value: .string)
        builder.source("flights", key: .string, value: .string)
            .join(airports, named: "with-city") { flight, city in "\(flight) from \(city)" }
            .to("enriched", key: .string, value: .string)
        return TopologyTestDriver(topology: try builder.build())
    }

    func enriched(_ driver: TopologyTestDriver) throws -> [String] {
        try driver.outputTopic("enriched", key: .string, value: .string).readValues()
    }

    @Test("a record joins the table's value for its key; a key the table lacks is dropped without error")
    func innerJoin() throws {
        let driver = try enrichment()
        let airports = driver.inputTopic("airports", key: .string, value: .string)
        let flights = driver.inputTopic("flights", key: .string, value: .string)
        try airports.pipe(key: "EWR", value: "Newark")
        try flights.pipe(key: "EWR", value: "UA1")
        try flights.pipe(key: "SFO", value: "UA2")
        #expect(try enriched(driver) == ["UA1 from Newark"])
        #expect(driver.errors.isEmpty)
    }

    @Test("a table update is seen by the next join")
    func updateThenJoin() throws {
        let driver = try enrichment()
        let airports = driver.inputTopic("airports", key: .string, value: .string)
        let flights = driver.inputTopic("flights", key: .string, value: .string)
        try airports.pipe(key: "JFK", value: "Idlewild")
        try flights.pipe(key: "JFK", value: "AA1")
        try airports.pipe(key: "JFK", value: "New York")
        try flights.pipe(key: "JFK", value: "AA2")
        #expect(try enriched(driver) == ["AA1 from Idlewild", "AA2 from New York"])
    }

    @Test("a null value deletes the key: later records of that key are dropped, and the changelog has a tombstone")
    func nullValueDeletes() throws {
        let driver = try enrichment()
        let airports = driver.inputTopic("airports", key: .string, value: .optional(.string))
        let flights = driver.inputTopic("flights", key: .string, value: .string)
        try airports.pipe(key: "LGA", value: "LaGuardia")
        try flights.pipe(key: "LGA", value: "DL1")
        try airports.pipe(key: "LGA", value: nil)
        try flights.pipe(key: "LGA", value: "DL2")
        #expect(try enriched(driver) == ["DL1 from LaGuardia"])
        #expect(driver.errors.isEmpty)

        let changelog = driver.changelog(of: "airport-cities")
        #expect(changelog.map(\.topic).allSatisfy { $0 == "test-driver-airport-cities-changelog" })
        #expect(changelog.map(\.value) == [Array("LaGuardia".utf8), nil])
    }

    @Test("a join after a key change goes through repartition(named:) to the table's partition")
    func joinAfterRepartition() throws {
        let builder = TopologyBuilder()
        let airports = builder.table("airports", named: "airport-cities", key: .string, value: .string)
        builder.source("flights", key: .string, value: .string)
            .selectKey { _, origin in origin }
            .repartition(named: "by-origin", key: .string, value: .string)
            .join(airports) { origin, city in "\(origin)=\(city)" }
            .to("enriched", key: .string, value: .string)
        let driver = TopologyTestDriver(
            topology: try builder.build(),
            partitionCounts: ["airports": 2, "flights": 3]
        )
        let airportInput = driver.inputTopic("airports", key: .string, value: .string)
        for code in ["EWR", "JFK", "LGA", "SFO"] {
            let partition = Int32(bitPattern: TopologyTestDriver.murmur2(Array(code.utf8)) & 0x7fff_ffff) % 2
            try airportInput.pipe(key: code, value: "city of \(code)", partition: partition)
        }
        let flights = driver.inputTopic("flights", key: .string, value: .string)
        for (index, code) in ["SFO", "EWR", "LGA", "JFK", "ZZZ"].enumerated() {
            try flights.pipe(key: "flight-\(index)", value: code, partition: Int32(index % 3))
        }
        #expect(
            Set(try enriched(driver))
                == ["SFO=city of SFO", "EWR=city of EWR", "LGA=city of LGA", "JFK=city of JFK"]
        )
        #expect(driver.errors.isEmpty)
    }
}
