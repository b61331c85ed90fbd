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
