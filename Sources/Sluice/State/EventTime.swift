/// A task's event-time progress: how far its input has advanced in event time, which decides when windows close.
///
/// A task that reads only topics from outside the application advances with its stream time, the largest record
/// timestamp it has seen. A task that reads repartition topics is fed by every task upstream of them, each at its
/// own pace, so it advances with the smallest watermark among them, and not at all until every one of them has
/// reported: otherwise records from a slow upstream partition would all arrive late. When it reads both, the
/// smaller of the two counts. The final watermark (``final``) says an input is drained and closes every window.
package final class EventTime {
    /// The watermark of a drained input.
    package static let final = Int64.max

    /// Whether the task reads topics from outside the application (tables excepted).
    let readsExternalStreams: Bool
    /// Whether the task reads repartition topics.
    let readsInternalTopics: Bool
    /// The largest timestamp seen on external streams, or ``final`` once they are drained.
    private(set) var streamTime = Int64.min
    /// The latest watermark of each upstream task, by task id.
    private(set) var upstream: [String: Int64] = [:]
    /// How many upstream tasks report, as their watermarks say.
    private(set) var upstreamTasks = 0
    /// Event-time progress; only ever grows.
    package private(set) var progress = Int64.min
    /// Called with the new progress whenever it grows, in registration order.
    var listeners: [(Int64) throws -> Void] = []
    /// What the last commit covered, to return to when a transaction aborts.
    private var committed: (streamTime: Int64, upstream: [String: Int64], upstreamTasks: Int, progress: Int64) =
        (.min, [:], 0, .min)

    init(readsExternalStreams: Bool, readsInternalTopics: Bool) {
        self.readsExternalStreams = readsExternalStreams
        self.readsInternalTopics = readsInternalTopics
    }

    /// Notes a record timestamp from an external stream.
    func observe(_ timestamp: Int64) {
        if timestamp > streamTime { streamTime = timestamp }
    }

    /// Notes that the external streams are drained: a bounded run's final watermark.
    package func drainExternalStreams() {
        streamTime = Self.final
    }

    /// Notes an upstream task's watermark; watermarks never move back.
    func receive(_ watermark: WatermarkRecord) {
        upstreamTasks = max(upstreamTasks, watermark.upstreamTasks)
        if watermark.time > upstream[watermark.taskID, default: .min] {
            upstream[watermark.taskID] = watermark.time
        }
    }

    /// Remembers the current time as committed.
    func commit() {
        committed = (streamTime, upstream, upstreamTasks, progress)
    }

    /// How many times time rolled back, so caches of what the stores hold can tell they are stale.
    private(set) var rollBacks = 0

    /// Returns to the time of the last commit: the aborted records will be processed again.
    func rollBack() {
        (streamTime, upstream, upstreamTasks, progress) = committed
        rollBacks += 1
    }

    /// Forgets every upstream watermark (a replay starts time over).
    func reset() {
        upstream = [:]
        upstreamTasks = 0
        streamTime = .min
        progress = .min
    }

    /// Recomputes progress and, when it grew, calls the listeners.
    func advance() throws(ProcessingError) {
        var candidate = Int64.max
        if readsExternalStreams { candidate = streamTime }
        if readsInternalTopics {
            let complete = upstreamTasks > 0 && upstream.count >= upstreamTasks
            candidate = min(candidate, complete ? upstream.values.min() ?? .min : .min)
        }
        if !readsExternalStreams && !readsInternalTopics { candidate = streamTime }
        guard candidate > progress else { return }
        progress = candidate
        for listener in listeners {
            do {
                try listener(candidate)
            } catch let error as ProcessingError {
                throw error
            } catch {
                throw ProcessingError(stage: .processing, operatorName: "event time", underlying: error)
            }
        }
    }
}
