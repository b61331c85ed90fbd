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
    /// The largest event-time magnitude a stateful task accepts (2^53 ms, about 285,000 years), so that window
    /// arithmetic cannot overflow.
    package static let limit: UInt64 = 1 << 53

    /// Whether the task reads topics from outside the application (tables excepted).
    let readsExternalStreams: Bool
    /// The repartition topics the task reads; each has its own set of upstream tasks.
    let internalTopics: [String]
    /// Whether the task reads repartition topics.
    var readsInternalTopics: Bool { !internalTopics.isEmpty }
    /// The largest timestamp seen on external streams, or ``final`` once they are drained.
    private(set) var streamTime = Int64.min
    /// The latest watermark of each upstream task, by repartition topic and task id.
    private(set) var upstream: [String: [String: Int64]] = [:]
    /// How many tasks write each repartition topic, as their watermarks say.
    private(set) var upstreamTasks: [String: Int] = [:]
    /// Event-time progress; only ever grows.
    package private(set) var progress = Int64.min
    /// Called with the new progress whenever it grows, in registration order.
    var listeners: [(Int64) throws -> Void] = []
    /// What the last commit covered, to return to when a transaction aborts.
    private var committed:
        (streamTime: Int64, upstream: [String: [String: Int64]], tasks: [String: Int], progress: Int64) =
            (.min, [:], [:], .min)

    init(readsExternalStreams: Bool, internalTopics: [String]) {
        self.readsExternalStreams = readsExternalStreams
        self.internalTopics = internalTopics
    }

    /// Notes a record timestamp from an external stream.
    func observe(_ timestamp: Int64) {
        if timestamp > streamTime { streamTime = timestamp }
    }

    /// Notes that the external streams are drained: a bounded run's final watermark.
    package func drainExternalStreams() {
        streamTime = Self.final
    }

    /// Notes an upstream task's watermark read from a repartition topic; watermarks never move back.
    func receive(_ watermark: WatermarkRecord, topic: String) {
        upstreamTasks[topic] = max(upstreamTasks[topic] ?? 0, watermark.upstreamTasks)
        if watermark.time > upstream[topic]?[watermark.taskID] ?? .min {
            upstream[topic, default: [:]][watermark.taskID] = watermark.time
        }
    }

    /// The latest watermark of an upstream task of a topic.
    func watermark(topic: String, taskID: String) -> Int64? {
        upstream[topic]?[taskID]
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

    /// The smallest watermark over every upstream task of every repartition topic, or `Int64.min` until each
    /// topic's upstream tasks have all reported.
    private var upstreamProgress: Int64 {
        var smallest = Int64.max
        for topic in internalTopics {
            guard let expected = upstreamTasks[topic], let marks = upstream[topic], marks.count >= expected else {
                return .min
            }
            for time in marks.values where time < smallest { smallest = time }
        }
        return smallest
    }

    /// Recomputes progress and, when it grew, calls the listeners.
    func advance() throws(ProcessingError) {
        var candidate = Int64.max
        if readsExternalStreams { candidate = streamTime }
        if readsInternalTopics { candidate = min(candidate, upstreamProgress) }
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
