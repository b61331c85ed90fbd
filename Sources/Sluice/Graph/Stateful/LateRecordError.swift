import Foundation

/// The cause of a ``ProcessingError`` at the `late` stage: a record whose windows had all closed.
public struct LateRecordError: Error, CustomStringConvertible, Sendable {
    /// The record's event time, epoch milliseconds.
    public var eventTime: Int64
    /// The task's event-time progress when the record arrived.
    public var progress: Int64
    /// The grace period of the windows, milliseconds.
    public var grace: Int64

    private static func render(_ milliseconds: Int64) -> String {
        UTCTimestamp.string(Date(timeIntervalSince1970: Double(milliseconds) / 1000))
    }

    public var description: String {
        "event time \(Self.render(eventTime)) is behind the task's event-time progress "
            + "\(progress == EventTime.final ? "(final)" : Self.render(progress)) by more "
            + "than the grace period of \(grace) ms: every window it belongs to has closed"
    }
}
