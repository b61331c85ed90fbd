/// What a replay lets one source process: the records before each partition's end offset whose event time lies
/// in a range.
///
/// A record at or past its partition's end is dropped before it is deserialized and does not move event time: the
/// replay ends there. A record before the end whose event time lies outside the range is deserialized and moves
/// stream time (so windows close as they would have), but goes no further. Only sources of topics from outside the
/// application carry bounds; repartition topics and tables are read whole.
package struct ReplayBounds: Sendable, Hashable {
    /// The event times processed, or `nil` for every time.
    package var eventTimes: Range<Int64>?
    /// The end offset (exclusive) of each partition of the topic; a partition not listed has no end.
    package var endOffsets: [Int32: Int64]

    /// Creates bounds.
    package init(eventTimes: Range<Int64>?, endOffsets: [Int32: Int64]) {
        self.eventTimes = eventTimes
        self.endOffsets = endOffsets
    }

    /// Whether a record's offset lies before its partition's end.
    @inline(__always)
    func admits(offset: Int64, partition: Int32) -> Bool {
        guard let end = endOffsets[partition] else { return true }
        return offset < end
    }

    /// Whether a record's event time lies in the range; a record without one is outside any range.
    @inline(__always)
    func admits(eventTime: Int64?) -> Bool {
        guard let eventTimes else { return true }
        guard let eventTime else { return false }
        return eventTimes.contains(eventTime)
    }
}
