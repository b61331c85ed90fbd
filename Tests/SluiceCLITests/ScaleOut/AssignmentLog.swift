import Foundation

/// The rebalances one worker process went through, read from the `partitions assigned` and `partitions
/// revoked` lines of its JSON log, per stream thread (`sluice.thread`).
struct AssignmentLog {
    /// One assignment or revocation of one stream thread.
    struct Event: Equatable {
        /// The stream thread's index in its process.
        var thread: Int
        /// Whether the partitions were assigned (otherwise revoked).
        var assigned: Bool
        /// The partitions, as `topic-partition`.
        var partitions: Set<String>
    }

    /// The events in the order they were logged.
    private(set) var events: [Event] = []

    /// Reads the events from a worker's log lines; lines that are not JSON (progress lines) are skipped.
    ///
    /// - Parameter lines: The worker's standard error, line by line.
    init<Lines: Sequence>(lines: Lines) where Lines.Element: StringProtocol {
        for line in lines {
            guard line.contains("\"partitions "),
                let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                let message = object["message"] as? String,
                message == "partitions assigned" || message == "partitions revoked",
                let thread = object["sluice.thread"] as? Int
            else { continue }
            let names = (object["kafka.partitions"] as? String ?? "").split(separator: ",").map(String.init)
            events.append(
                Event(thread: thread, assigned: message == "partitions assigned", partitions: Set(names))
            )
        }
    }

    /// How many assignments were logged, by all threads together.
    var assignments: Int { events.filter(\.assigned).count }

    /// How many revocations were logged, by all threads together.
    var revocations: Int { events.filter { !$0.assigned }.count }

    /// Per stream thread, the partitions it holds after the last logged event.
    var current: [Int: Set<String>] {
        var held: [Int: Set<String>] = [:]
        for event in events {
            if event.assigned {
                held[event.thread, default: []].formUnion(event.partitions)
            } else {
                held[event.thread, default: []].subtract(event.partitions)
            }
        }
        return held
    }

    /// Every partition any thread of the worker was ever assigned.
    var everAssigned: Set<String> {
        events.filter(\.assigned).reduce(into: []) { $0.formUnion($1.partitions) }
    }
}
