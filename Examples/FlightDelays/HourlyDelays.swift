import Foundation

/// The running totals of one origin's flights in one hour, kept in the hourly window store.
public struct HourlyDelays: Codable, Sendable, Hashable {
    /// Flights scheduled in the hour, cancelled ones included.
    public var flights = 0
    /// Flights with no departure time.
    public var cancelled = 0
    /// The sum of the known departure delays of departed flights, in minutes.
    public var delaySum = 0.0
    /// How many departed flights have a known departure delay.
    public var delayCount = 0

    /// Creates empty totals.
    public init() {}

    /// The totals with one more flight.
    public func adding(_ flight: Flight) -> HourlyDelays {
        var next = self
        next.flights += 1
        if flight.isCancelled {
            next.cancelled += 1
        } else if let delay = flight.depDelay {
            next.delaySum += delay
            next.delayCount += 1
        }
        return next
    }

    /// The mean delay in thousandths of a minute, rounded half away from zero, or `nil` with no known delay.
    ///
    /// Delays in the data are whole minutes, so the sum is an exact integer and the rounding is done in integers;
    /// a fractional sum falls back to floating point.
    public var meanDelayThousandths: Int64? {
        guard delayCount > 0 else { return nil }
        let count = Int64(delayCount)
        guard delaySum.rounded() == delaySum, abs(delaySum) < 1e15 else {
            return Int64((delaySum * 1000 / Double(count)).rounded(.toNearestOrAwayFromZero))
        }
        let sum = Int64(delaySum)
        let magnitude = (2 * abs(sum) * 1000 + count) / (2 * count)
        return sum < 0 ? -magnitude : magnitude
    }
}

/// One line of `delays-by-origin-hourly`: an origin's flights in one closed hour.
public struct HourlyDelayReport: Codable, Sendable, Hashable {
    /// The origin airport.
    public var origin: String
    /// The hour's start, ISO 8601 UTC, such as `2013-01-01T10:00:00Z`.
    public var windowStart: String
    /// Flights scheduled in the hour.
    public var flights: Int
    /// Of those, cancelled.
    public var cancelled: Int
    /// The mean departure delay of the departed flights with a known delay, rounded to 3 decimals half away from
    /// zero; `nil` (JSON null) when there is none.
    public var avgDepDelay: Double?

    enum CodingKeys: String, CodingKey {
        case origin
        case windowStart = "window_start"
        case flights
        case cancelled
        case avgDepDelay = "avg_dep_delay"
    }

    /// The report of a window's totals.
    public init(origin: String, windowStart: Int64, totals: HourlyDelays) {
        self.origin = origin
        self.windowStart = Self.iso8601(milliseconds: windowStart)
        self.flights = totals.flights
        self.cancelled = totals.cancelled
        self.avgDepDelay = totals.meanDelayThousandths.map { Double($0) / 1000 }
    }

    /// Encodes `avg_dep_delay` as null rather than leaving it out.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(origin, forKey: .origin)
        try container.encode(windowStart, forKey: .windowStart)
        try container.encode(flights, forKey: .flights)
        try container.encode(cancelled, forKey: .cancelled)
        try container.encode(avgDepDelay, forKey: .avgDepDelay)
    }

    static func iso8601(milliseconds: Int64) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: Date(timeIntervalSince1970: Double(milliseconds) / 1000))
    }
}
