/// One difference `sluice diff` found between two topics.
struct DiffFinding: Sendable, Hashable {
    /// Where: a source partition and a position in it, or a key.
    var place: String
    /// What differs, with both sides' values.
    var detail: String
}
