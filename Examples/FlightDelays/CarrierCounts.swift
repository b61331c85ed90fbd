/// One line of the `flights-by-carrier` table: a carrier's flights so far and how many were cancelled.
public struct CarrierCounts: Codable, Sendable, Hashable {
    /// The carrier code, such as `UA`.
    public var carrier: String
    /// Flights counted.
    public var flights = 0
    /// Of those, cancelled.
    public var cancelled = 0

    /// Creates zero counts for a carrier.
    public init(carrier: String) {
        self.carrier = carrier
    }

    /// The counts with one more flight.
    public func adding(_ flight: Flight) -> CarrierCounts {
        var next = self
        next.flights += 1
        if flight.isCancelled { next.cancelled += 1 }
        return next
    }
}

/// One line of the `low-visibility-departures` table: an origin's departures in hours with visibility under a
/// mile.
public struct LowVisibilityDepartures: Codable, Sendable, Hashable {
    /// The origin airport.
    public var origin: String
    /// Departures counted.
    public var departures: Int64

    /// Creates a line.
    public init(origin: String, departures: Int64) {
        self.origin = origin
        self.departures = departures
    }
}
