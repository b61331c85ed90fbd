import SluiceKafka

/// Where a replay starts or ends in each source partition: the beginning, a point in time, or explicit offsets.
public struct ReplayPosition: Sendable, Hashable, CustomStringConvertible {
    private enum Kind: Hashable {
        case beginning
        case timestamp(Int64)
        case offsets([TopicPartition: Int64])
    }

    private let kind: Kind

    /// The earliest retained record of every partition. Only a start can be the beginning.
    public static let beginning = ReplayPosition(kind: .beginning)

    /// A point in event time, in milliseconds since the epoch.
    ///
    /// As a start, each partition starts at its earliest offset whose record timestamp is at or after the time
    /// (nothing before it can be that late), and records earlier than the time are not processed. As an end,
    /// records at or after the time are not processed, and each partition is read on until its records'
    /// timestamps reach the time plus the topology's largest lateness (window size or gap plus grace), so that
    /// records arriving out of order still count, then the run ends.
    /// - Parameter milliseconds: Milliseconds since 1970-01-01T00:00:00Z.
    /// - Returns: The position.
    public static func timestamp(_ milliseconds: Int64) -> ReplayPosition {
        ReplayPosition(kind: .timestamp(milliseconds))
    }

    /// Explicit offsets of some partitions: as a start, the first offset processed; as an end, the first offset
    /// not processed. Source partitions not listed start at the application's committed offset (the beginning
    /// when it has none) and end at the end they have when the replay starts.
    /// - Parameter offsets: Offsets by partition.
    /// - Returns: The position.
    public static func offsets(_ offsets: [TopicPartition: Int64]) -> ReplayPosition {
        ReplayPosition(kind: .offsets(offsets))
    }

    /// Whether this is ``beginning``.
    public var isBeginning: Bool { kind == .beginning }

    /// The time of a ``timestamp(_:)`` position, in milliseconds since the epoch.
    public var timestamp: Int64? {
        if case .timestamp(let time) = kind { time } else { nil }
    }

    /// The offsets of an ``offsets(_:)`` position.
    public var offsets: [TopicPartition: Int64]? {
        if case .offsets(let offsets) = kind { offsets } else { nil }
    }

    /// `beginning`, `timestamp 1370044800000`, or `offsets flights:0:120,flights:1:98`.
    public var description: String {
        switch kind {
        case .beginning:
            "beginning"
        case .timestamp(let time):
            "timestamp \(time)"
        case .offsets(let offsets):
            "offsets "
                + offsets.sorted { $0.key < $1.key }.map { "\($0.key.topic):\($0.key.partition):\($0.value)" }
                .joined(separator: ",")
        }
    }
}
