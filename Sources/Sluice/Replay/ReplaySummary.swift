/// What ``Replay/run()`` did: the plan it followed, the reset, and the run's report.
public struct ReplaySummary: Sendable {
    /// The plan the replay followed.
    public var plan: ReplayPlan
    /// What the reset did.
    public var reset: ResetReport
    /// What the bounded run did. Its consumed counts include records read past a partition's end, which the
    /// replay does not process.
    public var report: ApplicationReport

    /// Creates a summary.
    public init(plan: ReplayPlan, reset: ResetReport, report: ApplicationReport) {
        self.plan = plan
        self.reset = reset
        self.report = report
    }

    /// Source offsets replayed per second of the run.
    public var recordsPerSecond: Double {
        let seconds = report.elapsed.totalSeconds
        return seconds > 0 ? Double(plan.recordsToReplay) / seconds : 0
    }
}
