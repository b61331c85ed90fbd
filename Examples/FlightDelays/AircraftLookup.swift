import Foundation

/// A simulated lookup of each flight's aircraft in a registry service, to show key lanes on the flights job: it
/// waits a fixed time per flight, as a remote call would, and passes the flight on unchanged, so every output is
/// what the job writes without it.
///
/// With `lanes` above 0 it runs on that many lanes per task (`mapValues(lanes:)`), keyed by tail number, so each
/// aircraft's flights stay in order; with 0 it runs on the stream thread like any other operator.
public struct AircraftLookup: Sendable {
    /// Lanes per task, 0 for none.
    public var lanes: Int
    /// The wait per flight.
    public var delay: Duration

    /// Creates a lookup.
    public init(lanes: Int, delay: Duration) {
        self.lanes = lanes
        self.delay = delay
    }

    /// The lookup: waits ``delay`` and returns the flight.
    func lookUp(_ flight: Flight) -> Flight {
        let (seconds, attoseconds) = delay.components
        var wait = timespec(tv_sec: Int(seconds), tv_nsec: Int(attoseconds / 1_000_000_000))
        var left = timespec()
        // A signal cuts the sleep short: sleep on for what is left.
        while nanosleep(&wait, &left) != 0 && errno == EINTR {
            wait = left
        }
        return flight
    }
}
