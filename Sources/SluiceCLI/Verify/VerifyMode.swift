/// What `sluice verify` checks a topic's records against.
enum VerifyMode: Sendable, Equatable {
    /// Values are JSON objects carrying their own key and an integer sequence number; per key, sequences must
    /// strictly increase in offset order, and with `expectsContiguous` they must also have no holes.
    case sequence(keyField: String, sequenceField: String, expectsContiguous: Bool)

    /// Records carry the `sluice.provenance` header of a Sluice application: per source partition and record
    /// key, the source offsets must not go backwards within an output partition, and no source offset may be
    /// written twice with the same key and value.
    case provenance

    /// A short description for the report, such as `sequence (key id, sequence seq)`.
    var summary: String {
        switch self {
        case .sequence(let keyField, let sequenceField, let expectsContiguous):
            let contiguous = expectsContiguous ? ", contiguous" : ""
            return "sequence (key \(keyField), sequence \(sequenceField)\(contiguous))"
        case .provenance:
            return "provenance (header \(ProvenanceHeader.name))"
        }
    }
}
