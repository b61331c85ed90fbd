/// A state store a topology declares: its name and what it holds.
///
/// Each task gets its own instance, and each store has a compacted changelog topic
/// `<application id>-<name>-changelog` with one partition per task.
package struct StoreDefinition: Sendable, Hashable {
    /// What the store's keys look like, which decides how it is scanned.
    package enum Kind: String, Sendable {
        /// One value per key.
        case keyValue = "key-value"
        /// One value per key and window start.
        case window
        /// One value per key and session.
        case session
    }

    /// The store's name, unique in the topology.
    package let name: String
    /// What it holds.
    package let kind: Kind
    /// How far behind event-time progress, in milliseconds, a record can still be placed in the store: a window's
    /// size plus its grace, a session's gap plus its grace, a join's difference plus its grace; 0 for a store
    /// that does not close by event time. A replay bounded by a time reads each partition on until its stream
    /// time is this far past it.
    package var lateness: Int64 = 0

    /// The store's changelog topic for an application.
    func changelogTopic(applicationID: String) -> String {
        "\(applicationID)-\(name)-changelog"
    }
}
