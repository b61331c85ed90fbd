import FlightDelays
import Foundation
import SluiceCLI
import Testing

@Suite("WeatherLoader")
struct WeatherLoaderTests {
    @Test("the weather slice reads in file order, keyed ORIGIN|time_hour, timestamped at time_hour")
    func slice() throws {
        let loader = WeatherLoader(
            path: try FlightFixtures.path("weather-slice.csv"),
            topic: "weather",
            partitionCount: 3
        )
        let records = try loader.records()

        #expect(records.count == 844)
        let first = try #require(records.first)
        #expect(first.key == Array("EWR|2013-01-01T06:00:00Z".utf8))
        #expect(first.timestampMilliseconds == 1_357_020_000_000)
        #expect(first.lineNumber == 2)
        let observation = try JSONDecoder().decode(WeatherObservation.self, from: Data(first.value))
        #expect(observation.key == "EWR|2013-01-01T06:00:00Z")
        #expect(observation.visib == 10)
        #expect(records.map(\.lineNumber) == Array(2...845))
        #expect(records.allSatisfy { $0.key != nil })
    }

    @Test("a composite key joins its fields with |; one field keeps the single-key behaviour")
    func compositeKey() throws {
        let header = ["origin", "visib", "time_hour"]
        let composite = try CSVRecordBuilder(
            header: header,
            keyFields: ["origin", "time_hour"],
            timestampField: "time_hour"
        )
        let row = CSVRow(["LGA", "0.5", "2013-02-09T04:00:00Z"], lineNumber: 2)
        #expect(try composite.record(from: row).key == Array("LGA|2013-02-09T04:00:00Z".utf8))
        let partlyNull = CSVRow(["NA", "0.5", "2013-02-09T04:00:00Z"], lineNumber: 3)
        #expect(try composite.record(from: partlyNull).key == Array("NA|2013-02-09T04:00:00Z".utf8))

        let allNull = try CSVRecordBuilder(header: header, keyFields: ["origin", "visib"], timestampField: nil)
        #expect(try allNull.record(from: CSVRow(["NA", "", "x"], lineNumber: 4)).key == nil)

        let single = try CSVRecordBuilder(header: header, keyFields: ["origin"], timestampField: nil)
        let legacy = try CSVRecordBuilder(header: header, keyField: "origin", timestampField: nil)
        for fields in [["LGA", "1", "t"], ["NA", "1", "t"], ["", "1", "t"]] {
            let row = CSVRow(fields, lineNumber: 2)
            #expect(try single.record(from: row) == (try legacy.record(from: row)))
        }

        #expect(throws: InputError.self) {
            _ = try CSVRecordBuilder(header: header, keyFields: ["origin", "hour"], timestampField: nil)
        }
    }
}
