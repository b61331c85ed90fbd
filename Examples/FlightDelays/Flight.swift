import Foundation

/// One flight that left New York City in 2013, as a row of the nycflights13 `flights` table.
///
/// Decoding reads the object `sluice load` makes of a CSV row, where every value is a string: `NA` becomes nil,
/// and a numeric field holding anything but a number is a `DecodingError` naming the field. Numbers and nulls
/// are read too, so a flight decodes from its own encoding. Encoding writes numbers as numbers and nil as
/// null, under the CSV column names, plus `time_hour_ms`.
public struct Flight: Codable, Sendable, Hashable {
    /// The year of the scheduled departure date.
    public var year: Int

    /// The month of the scheduled departure date, 1 to 12.
    public var month: Int

    /// The day of the month of the scheduled departure date.
    public var day: Int

    /// The actual departure time as local HHMM, or nil when the flight was cancelled.
    public var depTime: Int?

    /// The scheduled departure time as local HHMM.
    public var schedDepTime: Int?

    /// The departure delay in minutes; negative when early.
    public var depDelay: Double?

    /// The actual arrival time as local HHMM.
    public var arrTime: Int?

    /// The scheduled arrival time as local HHMM.
    public var schedArrTime: Int?

    /// The arrival delay in minutes; negative when early.
    public var arrDelay: Double?

    /// The two-letter carrier code, such as `UA`.
    public var carrier: String?

    /// The flight number.
    public var flight: Int?

    /// The plane's tail number; nil for 2,512 flights, all of them cancelled.
    public var tailnum: String?

    /// The origin airport: `EWR`, `JFK` or `LGA`.
    public var origin: String?

    /// The destination airport's FAA code.
    public var dest: String?

    /// The time in the air, in minutes.
    public var airTime: Double?

    /// The distance between the airports, in miles.
    public var distance: Double?

    /// The hour of the scheduled departure time.
    public var hour: Int?

    /// The minute of the scheduled departure time.
    public var minute: Int?

    /// The scheduled departure hour in UTC as it appeared in the data, such as `2013-01-01T10:00:00Z`.
    public var timeHour: String?

    /// ``timeHour`` in milliseconds since the epoch, the natural record timestamp of a flight.
    public var timeHourMilliseconds: Int64?

    /// Whether the flight was cancelled: it has no departure time.
    public var isCancelled: Bool { depTime == nil }

    /// Creates a flight; ``timeHourMilliseconds`` is computed from `timeHour` (nil when it does not parse).
    public init(
        year: Int,
        month: Int,
        day: Int,
        depTime: Int? = nil,
        schedDepTime: Int? = nil,
        depDelay: Double? = nil,
        arrTime: Int? = nil,
        schedArrTime: Int? = nil,
        arrDelay: Double? = nil,
        carrier: String? = nil,
        flight: Int? = nil,
        tailnum: String? = nil,
        origin: String? = nil,
        dest: String? = nil,
        airTime: Double? = nil,
        distance: Double? = nil,
        hour: Int? = nil,
        minute: Int? = nil,
        timeHour: String? = nil
    ) {
        self.year = year
        self.month = month
        self.day = day
        self.depTime = depTime
        self.schedDepTime = schedDepTime
        self.depDelay = depDelay
        self.arrTime = arrTime
        self.schedArrTime = schedArrTime
        self.arrDelay = arrDelay
        self.carrier = carrier
        self.flight = flight
        self.tailnum = tailnum
        self.origin = origin
        self.dest = dest
        self.airTime = airTime
        self.distance = distance
        self.hour = hour
        self.minute = minute
        self.timeHour = timeHour
        self.timeHourMilliseconds = timeHour.flatMap(Self.epochMilliseconds(iso:))
    }

    enum CodingKeys: String, CodingKey {
        case year, month, day
        case depTime = "dep_time"
        case schedDepTime = "sched_dep_time"
        case depDelay = "dep_delay"
        case arrTime = "arr_time"
        case schedArrTime = "sched_arr_time"
        case arrDelay = "arr_delay"
        case carrier, flight, tailnum, origin, dest
        case airTime = "air_time"
        case distance, hour, minute
        case timeHour = "time_hour"
        case timeHourMilliseconds = "time_hour_ms"
    }
}

// MARK: - Decodable

extension Flight {
    /// Decodes a flight from an object of strings (as loaded from CSV) or of numbers and nulls (as encoded).
    ///
    /// - Throws: `DecodingError` naming the field when year, month or day is missing, or a numeric field or
    ///   `time_hour` holds something that does not parse.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        guard let year = try Self.int(container, .year) else {
            throw Self.missing(.year, container)
        }
        guard let month = try Self.int(container, .month) else {
            throw Self.missing(.month, container)
        }
        guard let day = try Self.int(container, .day) else {
            throw Self.missing(.day, container)
        }
        self.year = year
        self.month = month
        self.day = day
        depTime = try Self.int(container, .depTime)
        schedDepTime = try Self.int(container, .schedDepTime)
        depDelay = try Self.double(container, .depDelay)
        arrTime = try Self.int(container, .arrTime)
        schedArrTime = try Self.int(container, .schedArrTime)
        arrDelay = try Self.double(container, .arrDelay)
        carrier = try Self.string(container, .carrier)
        flight = try Self.int(container, .flight)
        tailnum = try Self.string(container, .tailnum)
        origin = try Self.string(container, .origin)
        dest = try Self.string(container, .dest)
        airTime = try Self.double(container, .airTime)
        distance = try Self.double(container, .distance)
        hour = try Self.int(container, .hour)
        minute = try Self.int(container, .minute)
        timeHour = try Self.string(container, .timeHour)
        if let timeHour {
            guard let milliseconds = Self.epochMilliseconds(iso: timeHour) else {
                throw DecodingError.dataCorruptedError(
                    forKey: .timeHour,
                    in: container,
                    debugDescription: "field time_hour holds '\(timeHour)', which is not YYYY-MM-DDTHH:MM:SSZ"
                )
            }
            timeHourMilliseconds = milliseconds
        } else {
            timeHourMilliseconds = nil
        }
    }

    private typealias Container = KeyedDecodingContainer<CodingKeys>

    private static func missing(_ key: CodingKeys, _ container: Container) -> DecodingError {
        DecodingError.valueNotFound(
            Int.self,
            DecodingError.Context(
                codingPath: container.codingPath + [key],
                debugDescription: "field \(key.stringValue) is missing or NA"
            )
        )
    }

    private static func string(_ container: Container, _ key: CodingKeys) throws -> String? {
        guard let text = try container.decodeIfPresent(String.self, forKey: key), text != "NA" else {
            return nil
        }
        return text
    }

    private static func int(_ container: Container, _ key: CodingKeys) throws -> Int? {
        let text: String?
        do {
            text = try container.decodeIfPresent(String.self, forKey: key)
        } catch DecodingError.typeMismatch {
            return try container.decode(Int.self, forKey: key)
        }
        guard let text, text != "NA" else { return nil }
        guard let value = Int(text) else {
            throw DecodingError.dataCorruptedError(
                forKey: key,
                in: container,
                debugDescription: "field \(key.stringValue) holds '\(text)', which is not a whole number"
            )
        }
        return value
    }

    private static func double(_ container: Container, _ key: CodingKeys) throws -> Double? {
        let text: String?
        do {
            text = try container.decodeIfPresent(String.self, forKey: key)
        } catch DecodingError.typeMismatch {
            return try container.decode(Double.self, forKey: key)
        }
        guard let text, text != "NA" else { return nil }
        guard let value = Double(text), value.isFinite, text.utf8.allSatisfy({ $0 < 0x80 && $0 != 0x20 }) else {
            throw DecodingError.dataCorruptedError(
                forKey: key,
                in: container,
                debugDescription: "field \(key.stringValue) holds '\(text)', which is not a number"
            )
        }
        return value
    }

    /// Parses the data's fixed `YYYY-MM-DDTHH:MM:SSZ` layout to epoch milliseconds.
    ///
    /// The CLI's general timestamp parser lives in `SluiceCLI`, which this target cannot import (the CLI
    /// depends on it), so the one layout the flights data uses is parsed here.
    static func epochMilliseconds(iso text: String) -> Int64? {
        let bytes = Array(text.utf8)
        guard bytes.count == 20, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
            bytes[10] == UInt8(ascii: "T"), bytes[13] == UInt8(ascii: ":"), bytes[16] == UInt8(ascii: ":"),
            bytes[19] == UInt8(ascii: "Z")
        else { return nil }
        func number(_ from: Int, _ count: Int) -> Int? {
            var value = 0
            for index in from..<(from + count) {
                let digit = bytes[index] &- UInt8(ascii: "0")
                guard digit < 10 else { return nil }
                value = value * 10 + Int(digit)
            }
            return value
        }
        guard let year = number(0, 4), let month = number(5, 2), let day = number(8, 2),
            let hour = number(11, 2), let minute = number(14, 2), let second = number(17, 2),
            (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 60
        else { return nil }

        // Days since 1970-01-01 in the proleptic Gregorian calendar, with years counted from March.
        let marchYear = month <= 2 ? year - 1 : year
        let era = (marchYear >= 0 ? marchYear : marchYear - 399) / 400
        let yearOfEra = marchYear - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let days = era * 146_097 + yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear - 719_468
        return Int64(days * 86_400 + hour * 3_600 + minute * 60 + second) * 1_000
    }
}

// MARK: - Encodable

extension Flight {
    /// Encodes the flight under the CSV column names, numbers as numbers and nil as null, plus `time_hour_ms`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(year, forKey: .year)
        try container.encode(month, forKey: .month)
        try container.encode(day, forKey: .day)
        try container.encode(depTime, forKey: .depTime)
        try container.encode(schedDepTime, forKey: .schedDepTime)
        try container.encode(depDelay, forKey: .depDelay)
        try container.encode(arrTime, forKey: .arrTime)
        try container.encode(schedArrTime, forKey: .schedArrTime)
        try container.encode(arrDelay, forKey: .arrDelay)
        try container.encode(carrier, forKey: .carrier)
        try container.encode(flight, forKey: .flight)
        try container.encode(tailnum, forKey: .tailnum)
        try container.encode(origin, forKey: .origin)
        try container.encode(dest, forKey: .dest)
        try container.encode(airTime, forKey: .airTime)
        try container.encode(distance, forKey: .distance)
        try container.encode(hour, forKey: .hour)
        try container.encode(minute, forKey: .minute)
        try container.encode(timeHour, forKey: .timeHour)
        try container.encode(timeHourMilliseconds, forKey: .timeHourMilliseconds)
    }
}

// MARK: - Fast JSON

extension Flight {
    /// Decodes a flight from the UTF-8 bytes of a JSON object, as `init(from:)` does with `JSONDecoder`, but
    /// several times faster for the flat objects `sluice load` and ``jsonObjectBytes()`` write.
    ///
    /// A flat object of strings, numbers and nulls without escape sequences is scanned by hand; anything else
    /// (escapes, nesting, a value that does not parse) goes through `JSONDecoder`, so results and errors are the
    /// same either way.
    ///
    /// - Parameter bytes: The JSON object.
    /// - Throws: `DecodingError` naming the field, as `init(from:)`.
    public init(jsonObject bytes: [UInt8]) throws {
        if let flight = bytes.withUnsafeBufferPointer({ FlatObject(scanning: $0)?.flight() }) {
            self = flight
            return
        }
        self = try JSONDecoder().decode(Flight.self, from: Data(bytes))
    }

    /// Encodes the flight as `encode(to:)` does with `JSONEncoder` (numbers as numbers, nil as null, plus
    /// `time_hour_ms`), with the keys in column order, written straight into bytes.
    public func jsonObjectBytes() -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(384)
        var first = true
        func key(_ key: CodingKeys) {
            output.append(first ? UInt8(ascii: "{") : UInt8(ascii: ","))
            first = false
            output.append(UInt8(ascii: "\""))
            output.append(contentsOf: key.rawValue.utf8)
            output.append(contentsOf: [UInt8(ascii: "\""), UInt8(ascii: ":")])
        }
        func null() {
            output.append(contentsOf: [UInt8(ascii: "n"), UInt8(ascii: "u"), UInt8(ascii: "l"), UInt8(ascii: "l")])
        }
        func int(_ value: Int?, _ name: CodingKeys) {
            key(name)
            if let value {
                output.append(contentsOf: String(value).utf8)
            } else {
                null()
            }
        }
        func double(_ value: Double?, _ name: CodingKeys) {
            key(name)
            guard let value else { return null() }
            if value == value.rounded(), abs(value) < 1e15 {
                output.append(contentsOf: String(Int(value)).utf8)
            } else {
                output.append(contentsOf: "\(value)".utf8)
            }
        }
        func string(_ value: String?, _ name: CodingKeys) {
            key(name)
            guard let value else { return null() }
            output.append(UInt8(ascii: "\""))
            for byte in value.utf8 {
                switch byte {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"):
                    output.append(contentsOf: [UInt8(ascii: "\\"), byte])
                case 0..<0x20:
                    let hex = Array("0123456789abcdef".utf8)
                    output.append(contentsOf: Array("\\u00".utf8) + [hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]])
                default:
                    output.append(byte)
                }
            }
            output.append(UInt8(ascii: "\""))
        }

        int(year, .year)
        int(month, .month)
        int(day, .day)
        int(depTime, .depTime)
        int(schedDepTime, .schedDepTime)
        double(depDelay, .depDelay)
        int(arrTime, .arrTime)
        int(schedArrTime, .schedArrTime)
        double(arrDelay, .arrDelay)
        string(carrier, .carrier)
        int(flight, .flight)
        string(tailnum, .tailnum)
        string(origin, .origin)
        string(dest, .dest)
        double(airTime, .airTime)
        double(distance, .distance)
        int(hour, .hour)
        int(minute, .minute)
        string(timeHour, .timeHour)
        key(.timeHourMilliseconds)
        if let timeHourMilliseconds {
            output.append(contentsOf: String(timeHourMilliseconds).utf8)
        } else {
            null()
        }
        output.append(UInt8(ascii: "}"))
        return output
    }

    /// The values of a flat JSON object, found by one scan, for the fast path of ``init(jsonObject:)``.
    private struct FlatObject {
        enum Value {
            case absent
            case null
            case string(Range<Int>)
            case number(Range<Int>)
        }

        static let keys: [(key: CodingKeys, bytes: [UInt8])] = [
            .year, .month, .day, .depTime, .schedDepTime, .depDelay, .arrTime, .schedArrTime, .arrDelay, .carrier,
            .flight, .tailnum, .origin, .dest, .airTime, .distance, .hour, .minute, .timeHour, .timeHourMilliseconds,
        ].map { ($0, Array($0.rawValue.utf8)) }

        let bytes: UnsafeBufferPointer<UInt8>
        var values = [Value](repeating: .absent, count: FlatObject.keys.count)

        /// Scans an object; nil when it is not a flat object this scanner handles.
        init?(scanning bytes: UnsafeBufferPointer<UInt8>) {
            self.bytes = bytes
            var index = 0
            let count = bytes.count
            func skipSpace() {
                while index < count,
                    bytes[index] == 0x20 || bytes[index] == 0x0A || bytes[index] == 0x0D
                        || bytes[index] == 0x09
                {
                    index += 1
                }
            }

            skipSpace()
            guard index < count, bytes[index] == UInt8(ascii: "{") else { return nil }
            index += 1
            skipSpace()
            var expected = 0
            if index < count, bytes[index] == UInt8(ascii: "}") {
                index += 1
            } else {
                while true {
                    guard let key = scanString(&index) else { return nil }
                    skipSpace()
                    guard index < count, bytes[index] == UInt8(ascii: ":") else { return nil }
                    index += 1
                    skipSpace()
                    guard index < count else { return nil }

                    let value: Value
                    switch bytes[index] {
                    case UInt8(ascii: "\""):
                        guard let range = scanString(&index) else { return nil }
                        value = .string(range)
                    case UInt8(ascii: "n"):
                        guard index + 4 <= count, bytes[index + 1] == UInt8(ascii: "u"),
                            bytes[index + 2] == UInt8(ascii: "l"), bytes[index + 3] == UInt8(ascii: "l")
                        else { return nil }
                        index += 4
                        value = .null
                    case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                        let start = index
                        while index < count {
                            let byte = bytes[index]
                            guard
                                (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "-")
                                    || byte == UInt8(ascii: "+") || byte == UInt8(ascii: ".")
                                    || byte | 0x20 == UInt8(ascii: "e")
                            else { break }
                            index += 1
                        }
                        value = .number(start..<index)
                    default:
                        return nil
                    }

                    // Keys usually come in column order, so the next expected key is tried first.
                    let slot =
                        expected < Self.keys.count && matches(key, Self.keys[expected].bytes)
                        ? expected : Self.keys.firstIndex { matches(key, $0.bytes) }
                    if let slot {
                        values[slot] = value
                        expected = slot + 1
                    }

                    skipSpace()
                    guard index < count else { return nil }
                    if bytes[index] == UInt8(ascii: ",") {
                        index += 1
                        skipSpace()
                        continue
                    }
                    guard bytes[index] == UInt8(ascii: "}") else { return nil }
                    index += 1
                    break
                }
            }
            skipSpace()
            guard index == count else { return nil }
        }

        /// Scans a string without escapes starting at its opening quote; returns its contents' range.
        private func scanString(_ index: inout Int) -> Range<Int>? {
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { return nil }
            let start = index + 1
            var end = start
            while end < bytes.count, bytes[end] != UInt8(ascii: "\"") {
                guard bytes[end] != UInt8(ascii: "\\"), bytes[end] >= 0x20 else { return nil }
                end += 1
            }
            guard end < bytes.count else { return nil }
            index = end + 1
            return start..<end
        }

        private func matches(_ range: Range<Int>, _ key: [UInt8]) -> Bool {
            guard range.count == key.count else { return false }
            var offset = 0
            for index in range {
                guard bytes[index] == key[offset] else { return false }
                offset += 1
            }
            return true
        }

        private func isNA(_ range: Range<Int>) -> Bool {
            range.count == 2 && bytes[range.lowerBound] == UInt8(ascii: "N")
                && bytes[range.lowerBound + 1] == UInt8(ascii: "A")
        }

        /// The outcome of reading one field: a value, nil (absent, null or NA), or a failure.
        private enum Field<Value> {
            case value(Value?)
            case failed
        }

        private func int(_ key: CodingKeys) -> Field<Int> {
            let range: Range<Int>
            switch values[Self.keys.firstIndex { $0.key == key }!] {
            case .absent, .null:
                return .value(nil)
            case .string(let text):
                if isNA(text) { return .value(nil) }
                range = text
            case .number(let text):
                range = text
            }
            var index = range.lowerBound
            let negative = index < range.upperBound && bytes[index] == UInt8(ascii: "-")
            if negative { index += 1 }
            guard index < range.upperBound, range.upperBound - index <= 18 else { return .failed }
            var value = 0
            while index < range.upperBound {
                let digit = bytes[index] &- UInt8(ascii: "0")
                guard digit < 10 else { return .failed }
                value = value * 10 + Int(digit)
                index += 1
            }
            return .value(negative ? -value : value)
        }

        private func double(_ key: CodingKeys) -> Field<Double> {
            let range: Range<Int>
            switch values[Self.keys.firstIndex { $0.key == key }!] {
            case .absent, .null:
                return .value(nil)
            case .string(let text):
                if isNA(text) { return .value(nil) }
                range = text
            case .number(let text):
                range = text
            }
            // Only plain decimal text is read here; anything else goes to the full decoder to be judged.
            for index in range {
                let byte = bytes[index]
                guard
                    (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "-")
                        || byte == UInt8(ascii: ".") || byte | 0x20 == UInt8(ascii: "e") || byte == UInt8(ascii: "+")
                else { return .failed }
            }
            guard let value = Double(String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)),
                value.isFinite
            else { return .failed }
            return .value(value)
        }

        private func string(_ key: CodingKeys) -> Field<String> {
            switch values[Self.keys.firstIndex { $0.key == key }!] {
            case .absent, .null:
                return .value(nil)
            case .string(let text):
                return .value(
                    isNA(text) ? nil : String(decoding: UnsafeBufferPointer(rebasing: bytes[text]), as: UTF8.self)
                )
            case .number:
                return .failed
            }
        }

        /// The flight, or nil when a field needs the full decoder (to parse it or to report its error).
        func flight() -> Flight? {
            guard case .value(let year?) = int(.year), case .value(let month?) = int(.month),
                case .value(let day?) = int(.day), case .value(let depTime) = int(.depTime),
                case .value(let schedDepTime) = int(.schedDepTime), case .value(let depDelay) = double(.depDelay),
                case .value(let arrTime) = int(.arrTime), case .value(let schedArrTime) = int(.schedArrTime),
                case .value(let arrDelay) = double(.arrDelay), case .value(let carrier) = string(.carrier),
                case .value(let flight) = int(.flight), case .value(let tailnum) = string(.tailnum),
                case .value(let origin) = string(.origin), case .value(let dest) = string(.dest),
                case .value(let airTime) = double(.airTime), case .value(let distance) = double(.distance),
                case .value(let hour) = int(.hour), case .value(let minute) = int(.minute),
                case .value(let timeHour) = string(.timeHour)
            else { return nil }
            let result = Flight(
                year: year,
                month: month,
                day: day,
                depTime: depTime,
                schedDepTime: schedDepTime,
                depDelay: depDelay,
                arrTime: arrTime,
                schedArrTime: schedArrTime,
                arrDelay: arrDelay,
                carrier: carrier,
                flight: flight,
                tailnum: tailnum,
                origin: origin,
                dest: dest,
                airTime: airTime,
                distance: distance,
                hour: hour,
                minute: minute,
                timeHour: timeHour
            )
            guard timeHour == nil || result.timeHourMilliseconds != nil else { return nil }
            return result
        }
    }
}
