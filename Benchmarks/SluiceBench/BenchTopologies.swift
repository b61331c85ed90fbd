import FlightDelays
import Sluice

/// The Sluice topologies the contestants run.
///
/// Stateful ones emit on every update (a table's updates, a window's running aggregate), so each input record
/// gives one output, and the harness times them by output high watermarks and committed offsets exactly as it
/// times the stateless ones.
enum BenchTopologies {
    /// The synthetic scenarios' output topic.
    static let outputTopic = "bench-output"
    /// The windowed flights pipeline's output topic.
    static let hourlyFlightsTopic = "bench-flights-hourly"
    /// Partitions of the windowed flights output: it has three keys (the origins).
    static let hourlyFlightsPartitions = 4
    /// One hour.
    static let hour: Duration = .seconds(3_600)

    /// The topology and application id of a Sluice contestant.
    /// - Parameters:
    ///   - contestant: A Sluice contestant.
    ///   - inputTopic: The synthetic input topic (the flights pipelines read `flights`).
    /// - Throws: ``TopologyError`` if a graph were inconsistent, ``BenchError`` for a contestant that is not Sluice.
    static func make(_ contestant: Contestant, inputTopic: String) throws -> (topology: Topology, applicationID: String)
    {
        let applicationID = contestant.groupID ?? "bench-\(contestant.rawValue)"
        switch contestant {
        case .sluiceFlights:
            return (try FlightDelaysTopology.make(), applicationID)
        case .sluiceMap:
            return (try map(inputTopic), applicationID)
        case .sluiceCountMemory, .sluiceCountRocksDB:
            return (try count(inputTopic), applicationID)
        case .sluiceHourly:
            return (try hourly(inputTopic), applicationID)
        case .sluiceFlightsHourly:
            return (try flightsHourly(), applicationID)
        default:
            throw BenchError("\(contestant.rawValue) is not a Sluice topology")
        }
    }

    /// Stateless: flips one bit of the first value byte.
    static func map(_ inputTopic: String) throws -> Topology {
        let builder = TopologyBuilder()
        builder.source(inputTopic, named: "bench-source", key: .optional(.bytes), value: .bytes)
            .mapValues(named: "bench-map") { value in
                var mapped = value
                if !mapped.isEmpty { mapped[0] ^= 0x20 }
                return mapped
            }
            .to(outputTopic, named: "bench-sink", key: .optional(.bytes), value: .bytes)
        return try builder.build()
    }

    /// Stateful: the count of each key's records so far, as a table's updates (8 big-endian bytes).
    static func count(_ inputTopic: String) throws -> Topology {
        let builder = TopologyBuilder()
        builder.source(inputTopic, named: "bench-source", key: .bytes, value: .bytes)
            .groupByKey(named: "bench-by-key", key: .bytes, value: .bytes)
            .count(named: "bench-count")
            .to(outputTopic, named: "bench-sink", key: .bytes, value: .int64)
        return try builder.build()
    }

    /// Windowed: each key's records per hour of their record timestamp (the loader's send time), keyed
    /// `<key>@<window start>` on output.
    static func hourly(_ inputTopic: String) throws -> Topology {
        let builder = TopologyBuilder()
        builder.source(inputTopic, named: "bench-source", key: .bytes, value: .bytes)
            .groupByKey(named: "bench-by-key", key: .bytes, value: .bytes)
            .windowedBy(.tumbling(size: hour))
            .count(named: "bench-hourly-count")
            .map(named: "bench-window-key") { window, count in
                (window.key + Array("@\(window.start)".utf8), count)
            }
            .to(outputTopic, named: "bench-sink", key: .bytes, value: .int64)
        return try builder.build()
    }

    /// Windowed flights: by origin (through a repartition topic), in 1-hour tumbling windows of the flight's
    /// `time_hour`, the running ``HourlyDelays`` of each window, keyed `<origin>@<window start>`. Rows that do not
    /// decode go to the dead-letter topic.
    ///
    /// The grace period is a year: the file's rows come by month in text order (1, 10, 11, 12, 2, …), so with the
    /// example's 24 hours two rows in three would be late and dead-lettered rather than aggregated.
    static func flightsHourly() throws -> Topology {
        let builder = TopologyBuilder()
        builder.source(
            FlightDelaysTopology.inputTopic,
            named: "flights-source",
            key: .optional(.string),
            value: .flight,
            timestamp: { _, flight in flight.timeHourMilliseconds }
        )
        .groupBy(named: "by-origin", key: .string, value: .flight) { _, flight in flight.origin ?? "" }
        .windowedBy(.tumbling(size: hour, grace: hour * 24 * 366))
        .aggregate(named: "hourly-delays", initial: { HourlyDelays() }, value: .hourlyDelays) { _, flight, totals in
            totals.adding(flight)
        }
        .map(named: "hourly-key") { window, totals in ("\(window.key)@\(window.start)", totals) }
        .to(hourlyFlightsTopic, named: "hourly-sink", key: .string, value: .hourlyDelays)
        return try builder.build()
    }
}
