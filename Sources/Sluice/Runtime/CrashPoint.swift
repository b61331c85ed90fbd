import Foundation
import Glibc

/// Named points where a worker kills itself with SIGKILL, for crash tests of exactly-once processing.
///
/// Set `SLUICE_CRASH_AT` to a point's name and, optionally, `SLUICE_CRASH_AFTER_COMMITS` to the number of
/// successful commits to make first (default 1). Unset, every check is a single comparison.
enum CrashPoint: String {
    /// After the transaction's records were produced, before `send_offsets_to_transaction`.
    case beforeSendOffsets = "before-send-offsets"
    /// After `send_offsets_to_transaction`, before the commit.
    case beforeCommit = "before-commit"
    /// While the commit is in flight: a helper thread kills the process a moment after it starts.
    case duringCommit = "during-commit"

    /// The configured point, read once.
    static let configured: CrashPoint? = ProcessInfo.processInfo.environment["SLUICE_CRASH_AT"].flatMap(CrashPoint.init)

    /// Commits to complete before the point fires.
    static let afterCommits: Int =
        ProcessInfo.processInfo.environment["SLUICE_CRASH_AFTER_COMMITS"].flatMap(Int.init) ?? 1

    /// Kills the process when `point` is the configured one and enough commits have been made.
    static func reach(_ point: CrashPoint, commitsSoFar: Int) {
        guard let configured, configured == point, commitsSoFar >= afterCommits else { return }
        if point == .duringCommit {
            Thread.detachNewThread {
                usleep(2_000)
                kill(getpid(), SIGKILL)
            }
            return
        }
        kill(getpid(), SIGKILL)
    }
}
