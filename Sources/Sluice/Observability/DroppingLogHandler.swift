/// The handler behind ``Logger/disabled``: it drops everything.
struct DroppingLogHandler: LogHandler {
    func log(_ entry: LogEntry) {}
}
