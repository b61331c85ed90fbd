import FlightDelays
import SluiceCLI
import Testing

@Suite("Flight day order")
struct FlightDayOrderTests {
    @Test("rows sort by year, month and day as numbers, keeping file order within a day")
    func order() throws {
        let header = ["year", "month", "day", "id"]
        let rows: [[String]] = [
            ["2013", "1", "2", "a"], ["2013", "10", "1", "b"], ["2013", "1", "2", "c"], ["2013", "2", "1", "d"],
            ["2013", "1", "10", "e"], ["2012", "12", "31", "f"], ["2013", "1", "2", "g"], ["2013", "10", "1", "h"],
        ]
        let sorted = try FlightDayOrder.sorted(header: header, rows: rows)
        #expect(sorted.map { $0[3] } == ["f", "a", "c", "g", "e", "d", "b", "h"])
    }

    @Test("the slice comes out in day order with a record at most 22 hours behind the latest before it")
    func slice() throws {
        let (header, rows) = try FlightFixtures.rows("flights-slice.csv")
        let sorted = try FlightDayOrder.sorted(header: header, rows: rows)
        #expect(sorted.count == rows.count)
        #expect(Set(sorted.map(\.lineNumber)).count == rows.count)

        let days = sorted.map { Int($0[1])! * 100 + Int($0[2])! }
        #expect(days == days.sorted())
        #expect(days.first == 101 && days.last == 1002)

        let timeHour = try #require(header.firstIndex(of: "time_hour"))
        let builder = try CSVRecordBuilder(header: header, keyField: nil, timestampField: "time_hour")
        var latest: Int64?
        var largestLag: Int64 = 0
        for row in sorted {
            let timestamp = try #require(try builder.record(from: row).timestampMilliseconds)
            largestLag = max(largestLag, (latest ?? timestamp) - timestamp)
            latest = max(latest ?? timestamp, timestamp)
            #expect(!row[timeHour].isEmpty)
        }
        #expect(largestLag <= 22 * 3_600_000)

        // Within a day the file order holds.
        for (previous, next) in zip(sorted, sorted.dropFirst()) where previous[1] == next[1] && previous[2] == next[2] {
            #expect(previous.lineNumber < next.lineNumber)
        }
    }

    @Test("a row whose date fields are not numbers, or a header without them, is an error")
    func invalid() {
        #expect(throws: FlightDayOrder.InvalidRow.self) {
            _ = try FlightDayOrder.sorted(header: ["year", "month", "day"], rows: [["2013", "x", "1"]])
        }
        #expect(throws: FlightDayOrder.InvalidRow.self) {
            _ = try FlightDayOrder.sorted(header: ["year", "month"], rows: [["2013", "1"]])
        }
    }
}
