/// One problem `sluice verify` found at one record: the record's place, its key and what is wrong.
struct VerifyFinding: Sendable, Equatable, Encodable {
    /// The kinds of problem, in the words of the report.
    enum Kind: String, Sendable, Equatable, Encodable {
        /// A record that comes before one already seen for its key (a lower sequence or source offset).
        case orderViolation = "order violation"

        /// A record that repeats one already seen for its key (same sequence, or same source offset, key and
        /// value).
        case duplicate

        /// A sequence that jumps by more than one over the previous one of its key.
        case gap

        /// A record whose value or header cannot be read in the chosen mode.
        case unreadable
    }

    /// What is wrong.
    var kind: Kind

    /// The partition of the record, in the verified topic.
    var partition: Int32

    /// The offset of the record.
    var offset: Int64

    /// The key the record was checked under, as text (bytes that are not UTF-8 as `0x` and hex digits); nil for a
    /// null record key or an unreadable record.
    var key: String?

    /// One line saying what was expected and what was found.
    var detail: String
}
