/// Receives the entries a ``Logger`` lets through and writes them somewhere.
///
/// A handler is shared by every copy of a logger and is called from any thread, so it must be safe to call
/// concurrently. It must not call back into the logger.
public protocol LogHandler: Sendable {
    /// Writes one entry.
    ///
    /// - Parameter entry: The entry, already filtered by level and with the logger's metadata merged in.
    func log(_ entry: LogEntry)
}
