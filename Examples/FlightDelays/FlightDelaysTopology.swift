import Sluice

/// The flights job's pipeline: every 2013 New York departure, routed by what happened to it.
///
/// ```
/// flights (key: tailnum, value: the CSV row as JSON strings)
///   -> cancelled (no dep_time) -> flights-cancelled (key: tailnum)
///   -> departed -> re-keyed by origin airport -> flights-departed (key: EWR | JFK | LGA)
/// ```
/// A row that does not decode as a ``Flight`` (a non-numeric delay, say) goes to the dead-letter topic
/// `flight-delays-dlq` with the reason, and the job goes on.
///
/// The stateful stage (``make(stateful:)`` with `true`) adds three outputs, each through a repartition topic:
/// ```
/// flights  -> by origin -> 1-hour windows of time_hour, grace 24 h, final only -> delays-by-origin-hourly
///          -> by carrier -> count and cancelled -> flights-by-carrier (table)
/// departed -> by origin|time_hour -> join weather table -> visibility < 1 mile
///          -> by origin -> count -> low-visibility-departures (table)
/// ```
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
    /// Hourly delay reports per origin, one per closed window.
    public static let hourlyTopic = "delays-by-origin-hourly"
    /// Flights and cancellations per carrier, a table.
    public static let carrierTopic = "flights-by-carrier"
    /// Departures in hours of visibility under a mile per origin, a table.
    public static let lowVisibilityTopic = "low-visibility-departures"
    /// The weather observations, keyed `ORIGIN|time_hour`, read as a table.
    public static let weatherTopic = "weather"
    /// Partitions of the weather topic, and so of the repartition topic joined with it.
    public static let weatherPartitions = 4
    /// Partitions of each stateful output topic.
    public static let statefulOutputPartitions = 4

    /// Builds the topology.
    /// - Parameters:
    ///   - stateful: Add the stateful stage (windows, tables, a join). librdkafka's mock cluster cannot hold its
    ///     repartition topics (it drops a partition's oldest data past about 5 MiB), so the job leaves it out there.
    ///   - lookup: A simulated aircraft lookup right after the source (node `aircraft-lookup`), or `nil`.
    /// - Throws: ``TopologyError`` only if the graph below were inconsistent.
    public static func make(stateful: Bool = false, lookup: AircraftLookup? = nil) throws -> Topology {
        let builder = TopologyBuilder()
        var flights = builder.source(inputTopic, named: "flights-source", key: .optional(.string), value: .flight)
        if let lookup {
            flights =
                lookup.lanes > 0
                ? flights.mapValues(named: "aircraft-lookup", lanes: lookup.lanes, lookup.lookUp)
                : flights.mapValues(named: "aircraft-lookup", lookup.lookUp)
        }
        let routes = flights.branch(
            named: "by-status",
            { _, flight in flight.isCancelled },
            { _, _ in true }
        )
        routes[0].to(cancelledTopic, named: "cancelled-sink", key: .optional(.string), value: .flight)
        routes[1]
            .selectKey(named: "key-by-origin") { _, flight in flight.origin }
            .to(departedTopic, named: "departed-sink", key: .optional(.string), value: .flight)
        if stateful {
            addStatefulStage(builder, flights: flights, departed: routes[1])
        }
        return try builder.build()
    }

    private static func addStatefulStage(
        _ builder: TopologyBuilder,
        flights: RecordStream<String?, Flight>,
        departed: RecordStream<String?, Flight>
    ) {
        let hour: Duration = .seconds(3600)
        flights
            .filter(named: "has-origin-and-hour") { _, flight in flight.origin != nil && flight.timeHour != nil }
            .groupBy(named: "by-origin", key: .string, value: .flight) { _, flight in flight.origin ?? "" }
            .windowedBy(.tumbling(size: hour, grace: hour * 24))
            .aggregate(
                named: "hourly-delays",
                initial: { HourlyDelays() },
                value: .hourlyDelays,
                emit: .onWindowClose
            ) { _, flight, totals in totals.adding(flight) }
            .map(named: "hourly-report") { window, totals in
                (window.key, HourlyDelayReport(origin: window.key, windowStart: window.start, totals: totals))
            }
            .to(hourlyTopic, named: "hourly-sink", key: .string, value: .json(HourlyDelayReport.self))

        flights
            .filter(named: "has-carrier") { _, flight in flight.carrier != nil }
            .groupBy(named: "by-carrier", key: .string, value: .flight) { _, flight in flight.carrier ?? "" }
            .aggregate(
                named: "carrier-counts",
                initial: { CarrierCounts(carrier: "") },
                value: .carrierCounts
            ) { carrier, flight, counts in
                var named = counts
                named.carrier = carrier
                return named.adding(flight)
            }
            .to(carrierTopic, named: "carrier-sink", key: .string, value: .json(CarrierCounts.self))

        let weather = builder.table(
            weatherTopic,
            named: "weather-by-hour",
            key: .string,
            value: .json(WeatherObservation.self)
        )
        departed
            .filter(named: "departed-with-hour") { _, flight in flight.origin != nil && flight.timeHour != nil }
            .selectKey(named: "key-by-origin-hour") { _, flight in
                WeatherObservation.key(origin: flight.origin ?? "", timeHour: flight.timeHour ?? "")
            }
            .repartition(named: "departures-by-hour", key: .string, value: .flight)
            .join(weather, named: "with-weather") { flight, observation -> Flight? in
                guard let visibility = observation.visib, visibility < 1.0 else { return nil }
                return flight
            }
            .flatMapValues(named: "low-visibility") { flight in flight.map { [$0] } ?? [] }
            .groupBy(named: "low-visibility-by-origin", key: .string, value: .flight) { _, flight in
                flight.origin ?? ""
            }
            .count(named: "low-visibility-counts")
            .toStream()
            .map(named: "low-visibility-report") { origin, count in
                (origin, LowVisibilityDepartures(origin: origin, departures: count))
            }
            .to(
                lowVisibilityTopic,
                named: "low-visibility-sink",
                key: .string,
                value: .json(LowVisibilityDepartures.self)
            )
    }
}
