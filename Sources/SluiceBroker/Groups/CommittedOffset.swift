/// An offset committed for a group and partition.
struct CommittedOffset {
    var offset: Int64
    var leaderEpoch: Int32
    var metadata: String?
}
