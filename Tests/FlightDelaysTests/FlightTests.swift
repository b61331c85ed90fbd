import FlightDelays
import Foundation
import SluiceCLI
import Testing

@Suite("Flight")
struct FlightTests {
    private func decode(_ fields: [String]) throws -> Flight {
        let row = CSVRow(fields, lineNumber: 2)
        return try JSONDecoder().decode(Flight.self, from: FlightFixtures.object(row, header: FlightFixtures.header))
    }

    @Test("a departed flight decodes every column to its type")
    func departed() throws {
        let flight = try decode([
            "2013", "1", "1", "517", "515", "2", "830", "819", "11", "UA", "1545", "N14228", "EWR", "IAH", "227",
            "1400", "5", "15", "2013-01-01T10:00:00Z",
        ])
        #expect(
            flight
                == Flight(
                    year: 2013,
                    month: 1,
                    day: 1,
                    depTime: 517,
                    schedDepTime: 515,
                    depDelay: 2,
                    arrTime: 830,
                    schedArrTime: 819,
                    arrDelay: 11,
                    carrier: "UA",
                    flight: 1545,
                    tailnum: "N14228",
                    origin: "EWR",
                    dest: "IAH",
                    airTime: 227,
                    distance: 1400,
                    hour: 5,
                    minute: 15,
                    timeHour: "2013-01-01T10:00:00Z"
                )
        )
        #expect(flight.timeHourMilliseconds == 1_357_034_400_000)
        #expect(!flight.isCancelled)
    }

    @Test("NA becomes nil, and a flight without a departure time is cancelled")
    func cancelled() throws {
        let flight = try decode([
            "2013", "2", "8", "NA", "1600", "NA", "NA", "1717", "NA", "US", "2181", "NA", "LGA", "DCA", "NA", "214",
            "16", "0", "2013-02-08T21:00:00Z",
        ])
        #expect(flight.isCancelled)
        #expect(flight.depTime == nil && flight.depDelay == nil && flight.arrTime == nil && flight.airTime == nil)
        #expect(flight.tailnum == nil)
        #expect(flight.schedDepTime == 1600)
        #expect(flight.origin == "LGA")
        #expect(flight.timeHourMilliseconds == 1_360_357_200_000)
    }

    @Test("a non-numeric value in a numeric field is a decoding error naming the field")
    func badNumber() throws {
        var fields = [
            "2013", "1", "1", "557", "600", "abc", "709", "723", "-14", "EV", "5708", "N829AS", "LGA", "IAD", "53",
            "229", "6", "0", "2013-01-01T11:00:00Z",
        ]
        #expect {
            _ = try decode(fields)
        } throws: { error in
            guard case DecodingError.dataCorrupted(let context) = error else { return false }
            return context.codingPath.last?.stringValue == "dep_delay"
                && context.debugDescription == "field dep_delay holds 'abc', which is not a number"
        }

        fields[5] = "-3"
        fields[10] = "UA1545x"
        #expect {
            _ = try decode(fields)
        } throws: { error in
            guard case DecodingError.dataCorrupted(let context) = error else { return false }
            return context.codingPath.last?.stringValue == "flight"
        }

        fields[10] = "5708"
        fields[0] = "NA"
        #expect {
            _ = try decode(fields)
        } throws: { error in
            guard case DecodingError.valueNotFound(_, let context) = error else { return false }
            return context.codingPath.last?.stringValue == "year"
        }
    }

    @Test("encoding writes numbers as numbers and nil as null, and decodes back to the same flight")
    func roundTrip() throws {
        let flight = try decode([
            "2013", "2", "8", "NA", "1600", "NA", "NA", "1717", "NA", "US", "2181", "NA", "LGA", "DCA", "NA", "214",
            "16", "0", "2013-02-08T21:00:00Z",
        ])
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let data = try encoder.encode(flight)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(object["dep_time"] is NSNull)
        #expect(object["tailnum"] is NSNull)
        #expect((object["sched_dep_time"] as? NSNumber)?.intValue == 1600)
        #expect((object["distance"] as? NSNumber)?.doubleValue == 214)
        #expect(object["time_hour"] as? String == "2013-02-08T21:00:00Z")
        #expect((object["time_hour_ms"] as? NSNumber)?.int64Value == 1_360_357_200_000)
        #expect(String(decoding: data, as: UTF8.self).contains("\"distance\":214,"))
        #expect(try JSONDecoder().decode(Flight.self, from: data) == flight)
    }

    @Test("an unparsable time_hour is a decoding error naming the field")
    func badTimeHour() throws {
        #expect {
            _ = try decode([
                "2013", "1", "1", "517", "515", "2", "830", "819", "11", "UA", "1545", "N14228", "EWR", "IAH", "227",
                "1400", "5", "15", "2013-01-01 10:00",
            ])
        } throws: { error in
            guard case DecodingError.dataCorrupted(let context) = error else { return false }
            return context.codingPath.last?.stringValue == "time_hour"
        }
    }
}
