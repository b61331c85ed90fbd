import Sluice

/// The flights job's pipeline: every 2013 New York departure, routed by what happened to it.
///
/// ```
/// flights (key: tailnum, value: the CSV row as JSON strings)
///   ├─ cancelled (no dep_time) ─────────────────────► flights-cancelled (key: tailnum)
///   └─ departed ── re-keyed by origin airport ──────► flights-departed  (key: EWR | JFK | LGA)
/// ```
/// A row that does not decode as a ``Flight`` (a non-numeric delay, say) goes to the dead-letter topic
/// `flight-delays-dlq` with the reason, and the job goes on.
///
/// Values are read and written with ``FlightSerde`` (`.flight`): the bytes `.json(Flight.self)` would write, at a
/// fraction of the cost.
public enum FlightDelaysTopology {
    /// The application id, which is also the consumer group.
    public static let applicationID = "flight-delays"
    /// The input topic.
    public static let inputTopic = "flights"
    /// Cancelled flights, keyed by tail number.
    public static let cancelledTopic = "flights-cancelled"
    /// Departed flights, keyed by origin airport.
    public static let departedTopic = "flights-departed"
    /// Partitions of the input topic.
    public static let inputPartitions = 6
    /// Partitions of `flights-departed`. It has three distinct keys; with Java's murmur2, EWR and JFK share a
    /// partition when there are 3, and land on 3, 1 and 0 when there are 4, so each origin gets its own partition
    /// (one stays empty). That keeps each partition under the mock cluster's 5 MiB limit.
    public static let departedPartitions = 4
    /// Partitions of `flights-cancelled`.
    public static let cancelledPartitions = 6
    /// The dead-letter topic.
    public static let deadLetterTopic = "flight-delays-dlq"

    /// Builds the topology.
    /// - Throws: ``TopologyError`` only if the graph below were inconsistent.
    public static func make() throws -> Topology {
        let builder = TopologyBuilder()
        let flights = builder.source(inputTopic, named: "flights-source", key: .optional(.string), value: .flight)
        let routes = flights.branch(
            named: "by-status",
            { _, flight in flight.isCancelled },
            { _, _ in true }
        )
        routes[0].to(cancelledTopic, named: "cancelled-sink", key: .optional(.string), value: .flight)
        routes[1]
            .selectKey(named: "key-by-origin") { _, flight in flight.origin }
            .to(departedTopic, named: "departed-sink", key: .optional(.string), value: .flight)
        return try builder.build()
    }
}
