import Foundation

/// One hourly weather observation at a New York City airport in 2013, as a row of the nycflights13 `weather`
/// table, reduced to what the flights pipeline joins on and reads.
///
/// Decoding reads the object the weather loader makes of a CSV row, where every value is a string: `NA` becomes
/// nil, and a numeric field holding anything but a number is a `DecodingError` naming the field. Numbers and
/// nulls are read too, so an observation decodes from its own encoding. Encoding writes numbers as numbers and
/// nil as null, under the CSV column names. Columns the type does not keep are ignored.
public struct WeatherObservation: Sendable, Hashable, Codable {
    /// The airport the observation was made at: `EWR`, `JFK` or `LGA`.
    public var origin: String

    /// The hour of the observation in UTC as it appeared in the data, such as `2013-01-01T10:00:00Z`.
    public var timeHour: String

    /// The temperature in degrees Fahrenheit, or nil when not recorded.
    public var temp: Double?

    /// The precipitation in inches, or nil when not recorded.
    public var precip: Double?

    /// The visibility in miles, or nil when not recorded.
    public var visib: Double?

    /// The join key of this observation: `ORIGIN|time_hour`, as ``key(origin:timeHour:)`` builds it.
    public var key: String { Self.key(origin: origin, timeHour: timeHour) }

    /// Builds the join key of an airport and an hour, the same for a flight and for the weather at its departure.
    ///
    /// - Parameters:
    ///   - origin: The airport, such as `EWR`.
    ///   - timeHour: The hour in UTC, such as `2013-01-01T10:00:00Z`.
    /// - Returns: `ORIGIN|time_hour`, such as `EWR|2013-01-01T10:00:00Z`.
    public static func key(origin: String, timeHour: String) -> String {
        "\(origin)|\(timeHour)"
    }

    /// Creates an observation.
    public init(origin: String, timeHour: String, temp: Double? = nil, precip: Double? = nil, visib: Double? = nil) {
        self.origin = origin
        self.timeHour = timeHour
        self.temp = temp
        self.precip = precip
        self.visib = visib
    }

    enum CodingKeys: String, CodingKey {
        case origin
        case timeHour = "time_hour"
        case temp, precip, visib
    }
}

// MARK: - Decodable

extension WeatherObservation {
    /// Decodes an observation from an object of strings (as loaded from CSV) or of numbers and nulls (as
    /// encoded).
    ///
    /// - Throws: `DecodingError` naming the field when `origin` or `time_hour` is missing or `NA`, when
    ///   `time_hour` is not `YYYY-MM-DDTHH:MM:SSZ`, or when `temp`, `precip` or `visib` holds something that is
    ///   not a number.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        origin = try Self.requiredString(container, .origin)
        timeHour = try Self.requiredString(container, .timeHour)
        guard Flight.epochMilliseconds(iso: timeHour) != nil else {
            throw DecodingError.dataCorruptedError(
                forKey: .timeHour,
                in: container,
                debugDescription: "field time_hour holds '\(timeHour)', which is not YYYY-MM-DDTHH:MM:SSZ"
            )
        }
        temp = try Self.double(container, .temp)
        precip = try Self.double(container, .precip)
        visib = try Self.double(container, .visib)
    }

    private typealias Container = KeyedDecodingContainer<CodingKeys>

    private static func requiredString(_ container: Container, _ key: CodingKeys) throws -> String {
        guard let text = try container.decodeIfPresent(String.self, forKey: key), !text.isEmpty, text != "NA" else {
            throw DecodingError.valueNotFound(
                String.self,
                DecodingError.Context(
                    codingPath: container.codingPath + [key],
                    debugDescription: "field \(key.stringValue) is missing, empty or NA"
                )
            )
        }
        return text
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
}

// MARK: - Encodable

extension WeatherObservation {
    /// Encodes the observation under the CSV column names, numbers as numbers and nil as null.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(origin, forKey: .origin)
        try container.encode(timeHour, forKey: .timeHour)
        try container.encode(temp, forKey: .temp)
        try container.encode(precip, forKey: .precip)
        try container.encode(visib, forKey: .visib)
    }
}
