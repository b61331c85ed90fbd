import FlightDelays
import Foundation
import SluiceCLI
import Testing

@Suite("Flights fixtures")
struct FlightFixtureTests {
    @Test("the slice has 3,000 rows over 3 months out of order, with the counts its README gives")
    func slice() throws {
        let (header, rows) = try FlightFixtures.rows("flights-slice.csv")
        #expect(header == FlightFixtures.header)
        #expect(rows.count == 3_000)

        let decoder = JSONDecoder()
        let flights = try rows.map { try decoder.decode(Flight.self, from: FlightFixtures.object($0, header: header)) }
        #expect(flights.filter(\.isCancelled).count == 481)
        #expect(flights.filter { !$0.isCancelled }.count == 2_519)
        #expect(flights.filter { $0.tailnum == nil }.count == 162)
        #expect(flights.allSatisfy { $0.tailnum != nil || $0.isCancelled })

        var months: [Int] = []
        for flight in flights where months.last != flight.month {
            months.append(flight.month)
        }
        #expect(months == [1, 10, 2])
    }

    @Test("the malformed fixture has exactly the 3 bad rows its README names, each failing on its field")
    func malformed() throws {
        let (header, rows) = try FlightFixtures.rows("flights-malformed.csv")
        #expect(rows.count == 23)

        var failures: [Int: String] = [:]
        var good: [Flight] = []
        for row in rows {
            do {
                good.append(try JSONDecoder().decode(Flight.self, from: FlightFixtures.object(row, header: header)))
            } catch DecodingError.dataCorrupted(let context) {
                failures[row.lineNumber] = context.codingPath.last?.stringValue
            }
        }
        #expect(failures == [9: "dep_delay", 14: "distance", 18: "flight"])
        #expect(good.count == 20)
        #expect(good.filter(\.isCancelled).count == 6)

        // The bad rows still load: their key and timestamp are valid.
        let builder = try CSVRecordBuilder(header: header, keyField: "tailnum", timestampField: "time_hour")
        #expect(try rows.map { try builder.record(from: $0) }.filter { $0.key == nil }.count == 6)
    }
}
