import FlightDelays

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
    /// Sluice: source → `mapValues` over the value bytes → sink.
    case sluiceMap = "sluice-map"
    /// Sluice: the flights pipeline of `Examples/FlightDelays`.
    case sluiceFlights = "sluice-flights"

    /// Whether the contestant is a raw librdkafka loop rather than Sluice.
    var isRaw: Bool {
        switch self {
        case .rawConsume, .rawCopy, .rawTransactional: true
        case .pythonConsume, .sluiceMap, .sluiceFlights: false
        }
    }

    /// Whether the contestant is a peer framework or client, not Sluice and not a raw loop.
    var isPeer: Bool { self == .pythonConsume }

    /// Whether the contestant reads only (no outputs to watch).
    var isConsumeOnly: Bool { self == .rawConsume || self == .pythonConsume }

    /// The consumer group whose committed offsets show the contestant's progress (`nil`: it never commits).
    var groupID: String? {
        switch self {
        case .rawConsume, .pythonConsume: nil
        case .rawCopy, .rawTransactional: "bench-\(rawValue)"
        case .sluiceMap: "bench-sluice-map"
        case .sluiceFlights: FlightDelaysTopology.applicationID
        }
    }
}
