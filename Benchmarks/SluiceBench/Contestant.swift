import FlightDelays
import Sluice

/// What runs in a scenario's child process.
enum Contestant: String, Codable, Sendable, CaseIterable {
    /// librdkafka's C API: a consume-only loop, the physical limit of reading.
    case rawConsume = "raw-consume"
    /// librdkafka's C API: consume, produce a copy, flush and commit offsets every interval (at-least-once).
    case rawCopy = "raw-copy"
    /// librdkafka's C API: consume and produce a copy inside transactions committed every interval.
    case rawTransactional = "raw-transactional"
    /// Peer: a confluent-kafka Python consume loop (`Benchmarks/Peers/confluent_consume.py`).
    case pythonConsume = "confluent-python-consume"
    /// Peer: Quix Streams, the stateless map (`Benchmarks/Peers/quix_pipeline.py`).
    case quixMap = "quix-map"
    /// Peer: Quix Streams, a count per key in its RocksDB state (`Benchmarks/Peers/quix_pipeline.py`).
    case quixCount = "quix-count"
    /// Sluice: source → `mapValues` over the value bytes → sink.
    case sluiceMap = "sluice-map"
    /// Sluice: source → `groupByKey` → `count` in the in-memory store → sink.
    case sluiceCountMemory = "sluice-count-memory"
    /// Sluice: source → `groupByKey` → `count` in the RocksDB store → sink.
    case sluiceCountRocksDB = "sluice-count-rocksdb"
    /// Sluice: source → `groupByKey` → 1-hour tumbling windows of the record timestamp → `count` → sink.
    case sluiceHourly = "sluice-hourly"
    /// Sluice: the flights pipeline of `Examples/FlightDelays`.
    case sluiceFlights = "sluice-flights"
    /// Sluice: flights by origin in 1-hour tumbling windows of their `time_hour`, aggregated as in
    /// `Examples/FlightDelays` (``HourlyDelays``).
    case sluiceFlightsHourly = "sluice-flights-hourly"

    /// Whether the contestant is a raw librdkafka loop rather than Sluice.
    var isRaw: Bool {
        switch self {
        case .rawConsume, .rawCopy, .rawTransactional: true
        default: false
        }
    }

    /// Whether the contestant is Sluice.
    var isSluice: Bool { !isRaw && !isPeer }

    /// Whether the contestant is a peer framework or client, not Sluice and not a raw loop.
    var isPeer: Bool { self == .pythonConsume || isQuix }

    /// Whether the contestant is a Quix Streams application.
    var isQuix: Bool { self == .quixMap || self == .quixCount }

    /// Whether the contestant reads only (no outputs to watch).
    var isConsumeOnly: Bool { self == .rawConsume || self == .pythonConsume }

    /// Whether the contestant keeps state (and so needs changelog topics and a state directory).
    var isStateful: Bool {
        switch self {
        case .quixCount, .sluiceCountMemory, .sluiceCountRocksDB, .sluiceHourly, .sluiceFlightsHourly: true
        default: false
        }
    }

    /// The Sluice store engine the contestant runs with (`nil`: stateless, or not Sluice).
    var storeEngine: StoreEngine? {
        switch self {
        case .sluiceCountMemory, .sluiceHourly, .sluiceFlightsHourly: .inMemory
        case .sluiceCountRocksDB: .rocksDB
        default: nil
        }
    }

    /// Why the contestant cannot run on librdkafka's mock cluster, or `nil` when it can.
    ///
    /// The stateful synthetic topologies run there once the harness has created their internal topics (see
    /// ``MockInternalTopics``); their changelogs and outputs spread over 64 partitions and stay under the mock's
    /// limit of about 5 MiB per partition.
    var mockLimitation: String? {
        switch self {
        case .sluiceFlightsHourly:
            "its repartition topic is keyed by origin: three keys put every flight (about 110,000 JSON rows, tens "
                + "of MiB, per origin) in three partitions, and the mock cluster drops a partition's oldest batches "
                + "past about 5 MiB, so the outputs never all arrive"
        default: nil
        }
    }

    /// The peer script the contestant runs, relative to the package root (`nil`: not a peer).
    var peerScript: String? {
        switch self {
        case .pythonConsume: "Benchmarks/Peers/confluent_consume.py"
        case .quixMap, .quixCount: "Benchmarks/Peers/quix_pipeline.py"
        default: nil
        }
    }

    /// The Sluice contestant Quix Streams is compared with on the same scenario, and back.
    var quixCounterpart: [Contestant] {
        switch self {
        case .quixMap: [.sluiceMap]
        case .quixCount: [.sluiceCountMemory, .sluiceCountRocksDB]
        default: []
        }
    }

    /// The consumer group whose committed offsets show the contestant's progress (`nil`: it never commits).
    var groupID: String? {
        switch self {
        case .rawConsume, .pythonConsume: nil
        case .sluiceFlights: FlightDelaysTopology.applicationID
        default: "bench-\(rawValue)"
        }
    }
}
