import Foundation
import Testing

@Suite("StatefulReference")
struct StatefulReferenceTests {
    /// A file under `Data/` at the root of the package, found by walking up from this file; nil when absent.
    static func dataFile(_ name: String, from file: String = #filePath) -> String? {
        var directory = URL(fileURLWithPath: file).resolvingSymlinksInPath().deletingLastPathComponent()
        while directory.path != "/" {
            let candidate = directory.appendingPathComponent("Data").appendingPathComponent(name)
            if FileManager.default.fileExists(atPath: candidate.path) {
                return candidate.path
            }
            directory.deleteLastPathComponent()
        }
        return nil
    }

    /// Writes the given files to a fresh temporary directory and returns their paths.
    private func temporaryFiles(_ files: [String: String]) throws -> [String: String] {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("stateful-reference-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var paths: [String: String] = [:]
        for (name, contents) in files {
            let url = directory.appendingPathComponent(name)
            try Data(contents.utf8).write(to: url)
            paths[name] = url.path
        }
        return paths
    }

    private static let flightsHeader =
        "year,month,day,dep_time,sched_dep_time,dep_delay,arr_time,sched_arr_time,arr_delay,carrier,flight,"
        + "tailnum,origin,dest,air_time,distance,hour,minute,time_hour"
    private static let weatherHeader =
        "origin,year,month,day,hour,temp,dewp,humid,wind_dir,wind_speed,wind_gust,precip,pressure,visib,time_hour"

    @Test("the fixture slices: every row in a window and a carrier, and windows checked by hand")
    func fixtureSlices() throws {
        let reference = try StatefulReference.compute(
            flightsCSV: try FlightFixtures.path("flights-slice.csv"),
            weatherCSV: try FlightFixtures.path("weather-slice.csv")
        )

        #expect(reference.flightRows == 3_000)
        #expect(reference.deadLetterLines.isEmpty)
        #expect(reference.cancelled == 481)
        #expect(reference.weatherRows == 844)
        #expect(reference.weatherDeadLetterLines.isEmpty)
        #expect(reference.hourly.values.reduce(0) { $0 + $1.flights } == 3_000)
        #expect(reference.hourly.values.reduce(0) { $0 + $1.cancelled } == 481)
        #expect(reference.byCarrier.values.reduce(0) { $0 + $1.flights } == 3_000)
        #expect(reference.byCarrier.values.reduce(0) { $0 + $1.cancelled } == 481)
        // awk -F, 'NR>1{w[$13"|"$19]++} END{print length(w)}' flights-slice.csv
        #expect(reference.hourly.count == 195)
        #expect(reference.byCarrier["UA"] == StatefulReference.CarrierCounts(flights: 549, cancelled: 76))
        #expect(reference.byCarrier["HA"] == StatefulReference.CarrierCounts(flights: 3, cancelled: 0))

        // Lines 2 and 7: UA1545 (dep_delay 2) and UA1696 (dep_delay -4): mean -1.
        let firstHour = try #require(reference.hourly["EWR|2013-01-01T10:00:00Z"])
        #expect(firstHour.flights == 2)
        #expect(firstHour.cancelled == 0)
        #expect(firstHour.avgDepDelayThousandths == -1_000)

        // The blizzard: 20 flights, 13 cancelled, 7 departed with dep_delay -8, -4, -7, 34, 5, 2, 82 (sum 104):
        // 104 / 7 = 14.857142…
        let blizzard = try #require(reference.hourly["LGA|2013-02-08T20:00:00Z"])
        #expect(
            blizzard
                == StatefulReference.HourlyWindow(flights: 20, cancelled: 13, depDelayMinutes: 104, depDelayCount: 7)
        )
        #expect(blizzard.avgDepDelayThousandths == 14_857)

        // All 19 cancelled: no mean.
        let empty = try #require(reference.hourly["LGA|2013-02-08T21:00:00Z"])
        #expect(empty.flights == 19)
        #expect(empty.cancelled == 19)
        #expect(empty.avgDepDelayThousandths == nil)

        // 33 departed, dep_delay summing to 218: 6.606060…
        #expect(reference.hourly["JFK|2013-10-01T12:00:00Z"]?.avgDepDelayThousandths == 6_606)

        // Weather under a mile meets flights only at JFK 2013-02-09T03 and T04 and LGA 2013-02-08T22, where all
        // 25 flights were cancelled: no departed flight counts.
        #expect(reference.lowVisibility.isEmpty)
    }

    @Test("dead letters, NA fields, window truncation, and the last weather row per key winning")
    func edgeCases() throws {
        let flights = [
            Self.flightsHeader,
            // 2: departed at EWR in visibility 0.25 (the second weather row for its key wins).
            "2013,1,1,517,515,3,830,819,11,UA,1,N1,EWR,IAH,227,1400,5,15,2013-01-01T10:00:00Z",
            // 3: departed at EWR, minutes in time_hour: same window, joins no weather row.
            "2013,1,1,533,529,-2,850,830,20,UA,2,N2,EWR,IAH,227,1416,5,29,2013-01-01T10:30:00Z",
            // 4: cancelled at EWR in low visibility: not counted there.
            "2013,1,1,NA,540,NA,NA,850,NA,AA,3,NA,EWR,MIA,NA,1089,5,40,2013-01-01T10:00:00Z",
            // 5: departed at JFK with NA dep_delay, in visibility 0.5 the first row says and 10 the last says.
            "2013,1,1,544,545,NA,1004,1022,NA,B6,4,N4,JFK,BQN,183,1576,5,45,2013-01-01T10:00:00Z",
            // 6: departed at LGA, whose weather has an NA visibility.
            "2013,1,1,554,600,-6,812,837,-25,DL,5,N5,LGA,ATL,116,762,6,0,2013-01-01T10:00:00Z",
            // 7: NA carrier: in the windows and in EWR's low visibility, not in byCarrier.
            "2013,1,1,555,600,-5,913,854,19,NA,6,N6,EWR,FLL,158,1065,6,0,2013-01-01T10:00:00Z",
            // 8: NA origin: in byCarrier only.
            "2013,1,1,557,600,-3,709,723,-14,UA,7,N7,NA,IAD,53,229,6,0,2013-01-01T10:00:00Z",
            // 9 to 12: dead letters: dep_delay abc, NA year, a malformed time_hour, flight 12x.
            "2013,1,1,558,600,abc,753,745,8,UA,8,N8,EWR,ORD,138,733,6,0,2013-01-01T10:00:00Z",
            "NA,1,1,558,600,-2,753,745,8,UA,9,N9,EWR,ORD,138,733,6,0,2013-01-01T10:00:00Z",
            "2013,1,1,558,600,-2,753,745,8,UA,10,N10,EWR,ORD,138,733,6,0,2013-01-01 10:00",
            "2013,1,1,558,600,-2,753,745,8,UA,12x,N11,EWR,ORD,138,733,6,0,2013-01-01T10:00:00Z",
        ].joined(separator: "\n")
        let weather = [
            Self.weatherHeader,
            "EWR,2013,1,1,5,39,26,59,270,10,NA,0,1012,10,2013-01-01T10:00:00Z",
            "JFK,2013,1,1,5,39,26,59,270,10,NA,0,1012,0.5,2013-01-01T10:00:00Z",
            "EWR,2013,1,1,5,39,26,59,270,10,NA,0,1012,0.25,2013-01-01T10:00:00Z",
            "JFK,2013,1,1,5,39,26,59,270,10,NA,0,1012,10,2013-01-01T10:00:00Z",
            "LGA,2013,1,1,5,39,26,59,270,10,NA,0,1012,NA,2013-01-01T10:00:00Z",
            // 7: a dead letter: it does not replace EWR's 0.25.
            "EWR,2013,1,1,5,39,26,59,270,10,NA,0,1012,fog,2013-01-01T10:00:00Z",
        ].joined(separator: "\n")
        let paths = try temporaryFiles(["flights.csv": flights + "\n", "weather.csv": weather + "\r\n"])

        let reference = try StatefulReference.compute(
            flightsCSV: try #require(paths["flights.csv"]),
            weatherCSV: try #require(paths["weather.csv"])
        )

        #expect(reference.flightRows == 11)
        #expect(reference.deadLetterLines == [9, 10, 11, 12])
        #expect(reference.flights == 7)
        #expect(reference.cancelled == 1)
        #expect(reference.weatherDeadLetterLines == [7])
        #expect(
            reference.hourly == [
                "EWR|2013-01-01T10:00:00Z": .init(flights: 4, cancelled: 1, depDelayMinutes: -4, depDelayCount: 3),
                "JFK|2013-01-01T10:00:00Z": .init(flights: 1, cancelled: 0, depDelayMinutes: 0, depDelayCount: 0),
                "LGA|2013-01-01T10:00:00Z": .init(flights: 1, cancelled: 0, depDelayMinutes: -6, depDelayCount: 1),
            ]
        )
        #expect(reference.hourly["EWR|2013-01-01T10:00:00Z"]?.avgDepDelayThousandths == -1_333)
        #expect(reference.hourly["JFK|2013-01-01T10:00:00Z"]?.avgDepDelayThousandths == nil)
        #expect(
            reference.byCarrier == [
                "UA": .init(flights: 3, cancelled: 0),
                "AA": .init(flights: 1, cancelled: 1),
                "B6": .init(flights: 1, cancelled: 0),
                "DL": .init(flights: 1, cancelled: 0),
            ]
        )
        #expect(reference.lowVisibility == ["EWR": 2])
    }

    @Test("a fractional dep_delay or a quoted field stops the reference")
    func refusals() throws {
        let fractional =
            Self.flightsHeader
            + "\n2013,1,1,517,515,2.5,830,819,11,UA,1,N1,EWR,IAH,227,1400,5,15,2013-01-01T10:00:00Z\n"
        let quoted =
            Self.flightsHeader
            + "\n2013,1,1,517,515,2,830,819,11,UA,1,N1,EWR,IAH,227,\"1,400\",5,15,2013-01-01T10:00:00Z\n"
        let paths = try temporaryFiles([
            "fractional.csv": fractional, "quoted.csv": quoted, "weather.csv": Self.weatherHeader + "\n",
        ])
        let weather = try #require(paths["weather.csv"])
        for name in ["fractional.csv", "quoted.csv"] {
            let flights = try #require(paths[name])
            #expect(throws: StatefulReference.Failure.self, "\(name)") {
                _ = try StatefulReference.compute(flightsCSV: flights, weatherCSV: weather)
            }
        }
    }

    @Test("means round to thousandths half away from zero, exactly")
    func rounding() {
        #expect(StatefulReference.thousandths(sum: 1, count: 16) == 63)  // 0.0625
        #expect(StatefulReference.thousandths(sum: -1, count: 16) == -63)
        #expect(StatefulReference.thousandths(sum: 1, count: 3) == 333)
        #expect(StatefulReference.thousandths(sum: -2, count: 3) == -667)
        #expect(StatefulReference.thousandths(sum: 3, count: 8000) == 0)  // 0.000375
        #expect(StatefulReference.thousandths(sum: 0, count: 0) == nil)
        #expect(StatefulReference.windowStart("2013-01-01T10:59:59Z") == "2013-01-01T10:00:00Z")
        #expect(!StatefulReference.isTimeHour("2013-13-01T10:00:00Z"))
    }

    @Test("the full data: 336,776 flights, 8,255 cancelled")
    func fullData() throws {
        let flights = try #require(Self.dataFile("flights.csv.zip"))
        let weather = try #require(Self.dataFile("weather.csv"))
        let clock = ContinuousClock()
        let started = clock.now
        let reference = try StatefulReference.compute(flightsCSV: flights, weatherCSV: weather)
        let elapsed = clock.now - started

        #expect(reference.flightRows == 336_776)
        #expect(reference.deadLetterLines.isEmpty)
        #expect(reference.cancelled == 8_255)
        #expect(reference.weatherRows == 26_115)
        #expect(reference.hourly.values.reduce(0) { $0 + $1.flights } == 336_776)
        #expect(reference.hourly.values.reduce(0) { $0 + $1.cancelled } == 8_255)
        #expect(reference.byCarrier.values.reduce(0) { $0 + $1.flights } == 336_776)
        #expect(reference.byCarrier.values.reduce(0) { $0 + $1.cancelled } == 8_255)
        // Cross-checked with awk over `unzip -p Data/flights.csv.zip` and Data/weather.csv.
        #expect(reference.hourly.count == 19_486)
        #expect(reference.byCarrier.count == 16)
        #expect(reference.byCarrier["EV"] == StatefulReference.CarrierCounts(flights: 54_173, cancelled: 2_817))
        #expect(reference.lowVisibility == ["EWR": 1_035, "JFK": 1_958, "LGA": 627])

        let windowsWithMean = reference.hourly.values.filter { $0.avgDepDelayThousandths != nil }.count
        let lowVisibility = reference.lowVisibility.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }
        print(
            "StatefulReference on Data/: \(reference.flightRows) flights, \(reference.cancelled) cancelled, "
                + "\(reference.hourly.count) hourly windows (\(windowsWithMean) with a mean dep_delay), "
                + "\(reference.byCarrier.count) carriers, low visibility \(lowVisibility.joined(separator: ", ")), "
                + "computed in \(elapsed)"
        )
    }
}
