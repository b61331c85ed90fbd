/// The two inputs every scenario reads.
enum WorkloadKind: String, Codable, Sendable {
    /// Synthetic: 100-byte values, 10,000 distinct keys, 32 partitions.
    case synthetic
    /// The 2013 New York flights, each CSV row as a JSON object of strings, keyed by tail number.
    case flights
}
