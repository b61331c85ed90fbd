import FlightDelays
import Foundation
import SluiceCLI
import Testing

@Suite("WeatherObservation")
struct WeatherObservationTests {
    /// The header of the weather data.
    static let header = [
        "origin", "year", "month", "day", "hour", "temp", "dewp", "humid", "wind_dir", "wind_speed", "wind_gust",
        "precip", "pressure", "visib", "time_hour",
    ]

    private func decode(_ fields: [String]) throws -> WeatherObservation {
        let row = CSVRow(fields, lineNumber: 2)
        return try JSONDecoder().decode(WeatherObservation.self, from: FlightFixtures.object(row, header: Self.header))
    }

    /// The first row of `Data/weather.csv`, with `visib` replaced.
    private func row(visib: String, timeHour: String = "2013-01-01T06:00:00Z") -> [String] {
        [
            "EWR", "2013", "1", "1", "1", "39.02", "26.06", "59.37", "270", "10.357019999999999", "NA", "0", "1012",
            visib, timeHour,
        ]
    }

    @Test("a row as loaded decodes origin, time_hour, temp, precip and visib, and builds its join key")
    func loadedRow() throws {
        let observation = try decode(row(visib: "0.12"))
        #expect(
            observation
                == WeatherObservation(
                    origin: "EWR",
                    timeHour: "2013-01-01T06:00:00Z",
                    temp: 39.02,
                    precip: 0,
                    visib: 0.12
                )
        )
        #expect(observation.key == "EWR|2013-01-01T06:00:00Z")
        #expect(WeatherObservation.key(origin: "EWR", timeHour: "2013-01-01T06:00:00Z") == observation.key)
    }

    @Test("NA becomes nil")
    func notAvailable() throws {
        var fields = row(visib: "NA")
        fields[5] = "NA"
        fields[11] = "NA"
        let observation = try decode(fields)
        #expect(observation.visib == nil)
        #expect(observation.temp == nil)
        #expect(observation.precip == nil)
    }

    @Test("a visib that is not a number is an error naming the field")
    func badVisibility() throws {
        do {
            _ = try decode(row(visib: "ten"))
            Issue.record("decoding should have failed")
        } catch let DecodingError.dataCorrupted(context) {
            #expect(context.codingPath.last?.stringValue == "visib")
            #expect(context.debugDescription == "field visib holds 'ten', which is not a number")
        }
    }

    @Test("a missing origin or a malformed time_hour is an error naming the field")
    func badKey() throws {
        var fields = row(visib: "10")
        fields[0] = "NA"
        do {
            _ = try decode(fields)
            Issue.record("decoding should have failed")
        } catch let DecodingError.valueNotFound(_, context) {
            #expect(context.debugDescription == "field origin is missing, empty or NA")
        }

        do {
            _ = try decode(row(visib: "10", timeHour: "2013-01-01 06:00"))
            Issue.record("decoding should have failed")
        } catch let DecodingError.dataCorrupted(context) {
            #expect(context.codingPath.last?.stringValue == "time_hour")
            #expect(context.debugDescription.contains("'2013-01-01 06:00'"))
        }
    }

    @Test("an observation decodes from its own encoding")
    func roundTrip() throws {
        let observation = WeatherObservation(origin: "JFK", timeHour: "2013-02-09T03:00:00Z", temp: 28.04, visib: 0.5)
        let data = try JSONEncoder().encode(observation)
        #expect(try JSONDecoder().decode(WeatherObservation.self, from: data) == observation)
    }
}
