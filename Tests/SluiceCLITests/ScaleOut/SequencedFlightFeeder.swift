import FlightDelays
import Foundation
import Sluice
import SluiceKafka
import SluiceTesting
import Synchronization

/// Produces made-up departed flights into `flights` at a steady rate on a thread of its own, so that workers
/// join, leave and die while input flows.
///
/// Record `i` belongs to plane `i % planes` and is that plane's flight number `i / planes + 1`: each tail
/// number's flights count 1, 2, 3, ... in the order they are written. Every plane always departs from the same
/// origin, so all its flights land in one partition of `flights-departed`, where
/// `sluice verify flights-departed --key-field tailnum --sequence-field flight --expect-contiguous` can check
/// them for order, duplicates and gaps.
final class SequencedFlightFeeder: Sendable {
    /// The origins the planes depart from, in turn.
    static let origins = ["EWR", "JFK", "LGA"]

    /// How many records are written in all.
    let records: Int
    /// How many planes (keys) share them.
    let planes: Int

    private let bootstrap: String
    private let duration: Duration
    private let state = Mutex(State())

    private struct State {
        var sent = 0
        var done = false
        var failure: String?
    }

    /// Creates a feeder; nothing is written until ``start()``.
    ///
    /// - Parameters:
    ///   - bootstrap: The broker's `host:port`.
    ///   - records: The number of flights to write.
    ///   - planes: The number of tail numbers (record keys) they are spread over.
    ///   - duration: How long writing them takes.
    init(bootstrap: String, records: Int, planes: Int, duration: Duration) {
        self.bootstrap = bootstrap
        self.records = records
        self.planes = planes
        self.duration = duration
    }

    /// Records handed to the producer so far.
    var sent: Int { state.withLock { $0.sent } }
    /// Whether every record was written and acknowledged.
    var isDone: Bool { state.withLock { $0.done } }
    /// Why writing stopped early, if it did.
    var failure: String? { state.withLock { $0.failure } }

    /// The tail number of plane `plane`.
    static func tailNumber(_ plane: Int) -> String { "N\(plane)SL" }

    /// Starts writing on a new thread.
    func start() {
        let thread = Thread { [self] in
            do {
                try feed()
                state.withLock { $0.done = true }
            } catch {
                state.withLock { $0.failure = String(describing: error) }
            }
        }
        thread.name = "sluice-scale-feeder"
        thread.start()
    }

    private func feed() throws {
        let producer = try KafkaProducer(configuration: KafkaTestProfile.producer(bootstrap: bootstrap))
        let started = ContinuousClock.now
        let perRecord = duration / max(records, 1)
        for index in 0..<records {
            let plane = index % planes
            try producer.send(
                KafkaProducerRecord(
                    topic: FlightDelaysTopology.inputTopic,
                    key: Array(Self.tailNumber(plane).utf8),
                    value: Array(Self.flight(plane: plane, number: index / planes + 1).utf8)
                )
            )
            // A steady trickle rather than bursts, so that a kill finds work in flight.
            if index % 10 == 9 {
                state.withLock { $0.sent = index + 1 }
                let due = started + perRecord * (index + 1)
                let now = ContinuousClock.now
                if due > now { Thread.sleep(forTimeInterval: (due - now).totalSeconds) }
            }
        }
        try producer.flush(timeout: .seconds(30))
        try producer.close()
        state.withLock { $0.sent = records }
    }

    /// A departed flight as the flights job reads it: the JSON of a CSV row of the nycflights13 data.
    private static func flight(plane: Int, number: Int) -> String {
        let origin = origins[plane % origins.count]
        return #"{"year":2013,"month":1,"day":1,"dep_time":600,"sched_dep_time":600,"dep_delay":0,"#
            + #""carrier":"SL","flight":\#(number),"tailnum":"\#(tailNumber(plane))","origin":"\#(origin)","#
            + #""dest":"BOS","time_hour":"2013-01-01T11:00:00Z"}"#
    }
}
