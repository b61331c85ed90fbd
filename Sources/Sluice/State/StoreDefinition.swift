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

    /// The store's changelog topic for an application.
    func changelogTopic(applicationID: String) -> String {
        "\(applicationID)-\(name)-changelog"
    }
}
