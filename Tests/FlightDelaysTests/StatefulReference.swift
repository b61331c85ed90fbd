import Foundation
import SluiceCLI

/// The expected outputs of the flights job's stateful stage, computed in batch with plain loops over the CSV
/// files, as an oracle independent of the pipeline: no Sluice operator, no `FlightDelays` code (neither `Flight`
/// nor `WeatherObservation` decoding) is used. `InputFile` only decompresses the files; the rows are split here.
///
/// What it computes, from the flights file (nycflights13 `flights`) and the weather file (nycflights13 `weather`):
///
/// - ``hourly``, keyed `ORIGIN|window_start`: for each origin and each one-hour tumbling window of `time_hour`
///   (`window_start` is `time_hour` with minutes and seconds set to zero, written `2013-01-01T10:00:00Z`), the
///   flights (cancelled included), the cancelled ones (`dep_time` is `NA`), and the mean `dep_delay` of the
///   departed flights (`dep_time` not `NA`) whose `dep_delay` is not `NA`, in exact integer thousandths of a
///   minute rounded half away from zero (nil when there is no such flight).
/// - ``byCarrier``, keyed by carrier: flights and cancelled flights.
/// - ``lowVisibility``, keyed by origin: departed flights whose `ORIGIN|time_hour` has a weather row (an inner
///   join) with `visib` strictly under 1.0; an `NA` visibility never matches. When a weather key occurs more
///   than once, the last row in file order that is not itself a dead letter wins. Origins with no such flight
///   are absent.
///
/// Which rows count:
///
/// - A flights row is a dead letter, excluded from everything and listed in ``deadLetterLines``, when the
///   pipeline's decoding would refuse it: `year`, `month` or `day` is `NA` or not a whole number; another
///   whole-number field (`dep_time`, `sched_dep_time`, `arr_time`, `sched_arr_time`, `flight`, `hour`,
///   `minute`) is neither `NA` nor a whole number; a decimal field (`dep_delay`, `arr_delay`, `air_time`,
///   `distance`) is neither `NA` nor a finite ASCII number without spaces; or `time_hour` is neither `NA` nor
///   `YYYY-MM-DDTHH:MM:SSZ` with a valid month, day (1 to 31), hour, minute and second.
/// - A flight with an `NA` origin or an `NA` `time_hour` is left out of ``hourly`` and ``lowVisibility`` only; one
///   with an `NA` carrier is left out of ``byCarrier`` only. Only `NA` means missing: an empty string is a value.
/// - A weather row is a dead letter (listed in ``weatherDeadLetterLines``, and it neither adds nor replaces a
///   key) when `origin` or `time_hour` is empty or `NA`, `time_hour` is malformed as above, or `temp`, `precip`
///   or `visib` is neither `NA` nor a number.
///
/// - Important: The CSV split is the simplest there is: one record per line (LF or CRLF; empty lines skipped),
///   fields split at every comma. A double quote anywhere, a row with the wrong number of fields, a missing
///   column, or a numeric `dep_delay` that is not a whole number of minutes (never seen in the data, and the exact
///   mean relies on it) throws ``Failure`` rather than guessing.
struct StatefulReference {
    /// The counts of one origin's one-hour window.
    struct HourlyWindow: Hashable {
        /// Flights scheduled in the window, cancelled included.
        var flights = 0

        /// Flights with no departure time.
        var cancelled = 0

        /// The sum of `dep_delay` over departed flights with a `dep_delay`, in minutes.
        var depDelayMinutes = 0

        /// How many departed flights have a `dep_delay`.
        var depDelayCount = 0

        /// The mean departure delay in thousandths of a minute, rounded half away from zero; nil when no departed
        /// flight of the window has a `dep_delay`.
        var avgDepDelayThousandths: Int? {
            StatefulReference.thousandths(sum: depDelayMinutes, count: depDelayCount)
        }
    }

    /// The counts of one carrier.
    struct CarrierCounts: Hashable {
        /// Flights, cancelled included.
        var flights = 0

        /// Flights with no departure time.
        var cancelled = 0
    }

    /// Why the reference could not be computed.
    struct Failure: Error, CustomStringConvertible {
        /// What went wrong, naming the file and line.
        var description: String
    }

    /// The windows, keyed `ORIGIN|window_start` such as `EWR|2013-01-01T10:00:00Z`.
    var hourly: [String: HourlyWindow] = [:]

    /// Flights and cancelled flights per carrier.
    var byCarrier: [String: CarrierCounts] = [:]

    /// Departed flights in weather with visibility under a mile, per origin; origins with none are absent.
    var lowVisibility: [String: Int] = [:]

    /// Data rows in the flights file, dead letters included.
    var flightRows = 0

    /// The lines (the header is line 1) of the flights rows that are dead letters.
    var deadLetterLines: [Int] = []

    /// Data rows in the weather file, dead letters included.
    var weatherRows = 0

    /// The lines of the weather rows that are dead letters.
    var weatherDeadLetterLines: [Int] = []

    /// Flights that count (all rows but the dead letters).
    var flights: Int { flightRows - deadLetterLines.count }

    /// Cancelled flights that count.
    var cancelled = 0

    /// Computes the reference.
    ///
    /// - Parameters:
    ///   - flightsCSV: The flights file, CSV or `.zip` (or `.gz`).
    ///   - weatherCSV: The weather file, CSV or `.zip` (or `.gz`).
    /// - Returns: The expected outputs.
    /// - Throws: ``Failure`` for a file the simple split cannot read or a fractional `dep_delay`; `InputError`
    ///   when a file cannot be opened or decompressed.
    static func compute(flightsCSV: String, weatherCSV: String) throws -> StatefulReference {
        var reference = StatefulReference()
        let weather = try reference.readWeather(weatherCSV)
        try reference.readFlights(flightsCSV, weather: weather)
        return reference
    }

    // MARK: - Weather

    /// Reads the weather file into `ORIGIN|time_hour` → visibility (nil for `NA`), the last good row winning.
    private mutating func readWeather(_ path: String) throws -> [String: Double?] {
        let table = try Table(path: path)
        let origin = try table.column("origin")
        let timeHour = try table.column("time_hour")
        let numbers = try ["temp", "precip", "visib"].map { try table.column($0) }
        let visib = try table.column("visib")

        var visibility: [String: Double?] = [:]
        for (line, fields) in table.rows {
            weatherRows += 1
            let isGood =
                !["", "NA"].contains(fields[origin]) && fields[timeHour] != "NA"
                && Self.isTimeHour(fields[timeHour]) && numbers.allSatisfy { Self.isDecimalOrNA(fields[$0]) }
            guard isGood else {
                weatherDeadLetterLines.append(line)
                continue
            }
            let key = "\(fields[origin])|\(fields[timeHour])"
            // `isDecimalOrNA` has accepted the visibility: it is NA or it parses.
            let value: Double? = fields[visib] == "NA" ? nil : Double(fields[visib])
            visibility[key] = .some(value)
        }
        return visibility
    }

    // MARK: - Flights

    private static let wholeNumberFields = [
        "year", "month", "day", "dep_time", "sched_dep_time", "arr_time", "sched_arr_time", "flight", "hour",
        "minute",
    ]
    private static let decimalFields = ["dep_delay", "arr_delay", "air_time", "distance"]

    private mutating func readFlights(_ path: String, weather: [String: Double?]) throws {
        let table = try Table(path: path)
        let required = try ["year", "month", "day"].map { try table.column($0) }
        let wholeNumbers = try Self.wholeNumberFields.map { try table.column($0) }
        let decimals = try Self.decimalFields.map { try table.column($0) }
        let depTime = try table.column("dep_time")
        let depDelay = try table.column("dep_delay")
        let carrier = try table.column("carrier")
        let origin = try table.column("origin")
        let timeHour = try table.column("time_hour")

        for (line, fields) in table.rows {
            flightRows += 1
            let isGood =
                required.allSatisfy { fields[$0] != "NA" }
                && wholeNumbers.allSatisfy { Self.isWholeNumberOrNA(fields[$0]) }
                && decimals.allSatisfy { Self.isDecimalOrNA(fields[$0]) }
                && (fields[timeHour] == "NA" || Self.isTimeHour(fields[timeHour]))
            guard isGood else {
                deadLetterLines.append(line)
                continue
            }

            let isCancelled = fields[depTime] == "NA"
            if isCancelled {
                cancelled += 1
            }

            if fields[carrier] != "NA" {
                byCarrier[fields[carrier], default: CarrierCounts()].flights += 1
                if isCancelled {
                    byCarrier[fields[carrier], default: CarrierCounts()].cancelled += 1
                }
            }

            guard fields[origin] != "NA", fields[timeHour] != "NA" else { continue }
            let windowKey = "\(fields[origin])|\(Self.windowStart(fields[timeHour]))"
            var window = hourly[windowKey, default: HourlyWindow()]
            window.flights += 1
            if isCancelled {
                window.cancelled += 1
            } else if fields[depDelay] != "NA" {
                guard let minutes = Self.wholeMinutes(fields[depDelay]) else {
                    throw Failure(
                        description:
                            "\(path) line \(line): dep_delay '\(fields[depDelay])' is not a whole number of minutes; "
                            + "the exact mean assumes it is"
                    )
                }
                window.depDelayMinutes += minutes
                window.depDelayCount += 1
            }
            hourly[windowKey] = window

            let weatherKey = "\(fields[origin])|\(fields[timeHour])"
            if !isCancelled, let match = weather[weatherKey], let visibility = match, visibility < 1.0 {
                lowVisibility[fields[origin], default: 0] += 1
            }
        }
    }

    // MARK: - Fields

    /// Whether a field is `NA` or a whole number as `Int(_:)` reads it.
    private static func isWholeNumberOrNA(_ text: String) -> Bool {
        text == "NA" || Int(text) != nil
    }

    /// Whether a field is `NA` or a finite number as `Double(_:)` reads it, in ASCII without spaces.
    private static func isDecimalOrNA(_ text: String) -> Bool {
        guard text != "NA" else { return true }
        guard let value = Double(text), value.isFinite else { return false }
        return text.utf8.allSatisfy { $0 < 0x80 && $0 != 0x20 }
    }

    /// A numeric `dep_delay` as whole minutes, or nil when it has a fraction.
    private static func wholeMinutes(_ text: String) -> Int? {
        if let minutes = Int(text) {
            return minutes
        }
        guard let value = Double(text), value.rounded() == value, abs(value) < 1e15 else { return nil }
        return Int(value)
    }

    /// Whether a field is `YYYY-MM-DDTHH:MM:SSZ` with a month 1 to 12, a day 1 to 31, an hour under 24 and
    /// minutes and seconds under 60.
    static func isTimeHour(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count == 20 else { return false }
        for (index, byte) in bytes.enumerated() {
            switch index {
            case 4, 7: guard byte == UInt8(ascii: "-") else { return false }
            case 10: guard byte == UInt8(ascii: "T") else { return false }
            case 13, 16: guard byte == UInt8(ascii: ":") else { return false }
            case 19: guard byte == UInt8(ascii: "Z") else { return false }
            default: guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return false }
            }
        }
        func number(_ range: Range<Int>) -> Int {
            range.reduce(0) { $0 * 10 + Int(bytes[$1] - UInt8(ascii: "0")) }
        }
        return (1...12).contains(number(5..<7)) && (1...31).contains(number(8..<10)) && number(11..<13) < 24
            && number(14..<16) < 60 && number(17..<19) < 60
    }

    /// The start of the one-hour window holding a valid `time_hour`: its minutes and seconds set to zero.
    static func windowStart(_ timeHour: String) -> String {
        "\(timeHour.prefix(14))00:00Z"
    }

    /// `sum / count` in thousandths, rounded half away from zero, in integers; nil when `count` is 0.
    static func thousandths(sum: Int, count: Int) -> Int? {
        guard count > 0 else { return nil }
        let scaled = sum * 1_000
        var quotient = scaled / count
        let remainder = scaled % count
        if 2 * abs(remainder) >= count {
            quotient += scaled < 0 ? -1 : 1
        }
        return quotient
    }
}

// MARK: - Table

extension StatefulReference {
    /// A CSV file split the simplest way: a header, then one row per line, fields split at every comma; empty lines
    /// are skipped, as the loader's reader skips them.
    private struct Table {
        let path: String
        let header: [String]
        /// Each data row with its line number (the header is line 1).
        let rows: [(line: Int, fields: [String])]

        init(path: String) throws {
            self.path = path
            let bytes = try Self.contents(of: path)
            guard !bytes.contains(UInt8(ascii: "\"")) else {
                throw Failure(description: "\(path) has a double quote: the reference's CSV split cannot read it")
            }

            var lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map { line in
                line.last == UInt8(ascii: "\r") ? line.dropLast() : line
            }
            if lines.last?.isEmpty == true {
                lines.removeLast()
            }
            guard let first = lines.first else {
                throw Failure(description: "\(path) is empty: a header row is needed")
            }
            func fields(_ line: ArraySlice<UInt8>) -> [String] {
                line.split(separator: UInt8(ascii: ","), omittingEmptySubsequences: false).map {
                    String(decoding: $0, as: UTF8.self)
                }
            }
            let header = fields(first)
            var rows: [(line: Int, fields: [String])] = []
            rows.reserveCapacity(lines.count)
            for (offset, line) in lines.enumerated().dropFirst() where !line.isEmpty {
                let row = fields(line)
                guard row.count == header.count else {
                    throw Failure(
                        description: "\(path) line \(offset + 1): \(row.count) fields, the header has \(header.count)"
                    )
                }
                rows.append((offset + 1, row))
            }
            self.header = header
            self.rows = rows
        }

        /// The position of a column, or a ``Failure`` naming it.
        func column(_ name: String) throws -> Int {
            guard let index = header.firstIndex(of: name) else {
                throw Failure(description: "\(path) has no column '\(name)' (header: \(header.joined(separator: ",")))")
            }
            return index
        }

        /// The whole decompressed file.
        private static func contents(of path: String) throws -> [UInt8] {
            let source = try InputFile(path: path).source
            var bytes: [UInt8] = []
            var chunk = [UInt8](repeating: 0, count: 1 << 20)
            while true {
                let count = try chunk.withUnsafeMutableBytes { try source.read(into: $0) }
                if count == 0 {
                    return bytes
                }
                bytes.append(contentsOf: chunk[0..<count])
            }
        }
    }
}
