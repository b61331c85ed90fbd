/// A transaction that ended with an ABORT marker in one partition.
struct AbortedTransaction {
    var producerID: Int64
    var firstOffset: Int64
    /// The offset of the ABORT marker.
    var markerOffset: Int64
}
