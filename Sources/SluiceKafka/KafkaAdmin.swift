/// Cluster administration: metadata, creating and deleting topics, describing consumer groups.
///
/// Wraps one librdkafka instance of its own; thread-safe, which is why it is `@unchecked Sendable`.
/// - Important: librdkafka's mock cluster does not answer the Admin API (its requests time out); create topics
///   there with ``KafkaMockCluster/createTopic(_:partitions:)``.
public final class KafkaAdmin: @unchecked Sendable {
    /// A topic to create.
    public struct NewTopic: Sendable, Hashable {
        /// The topic's name.
        public var name: String
        /// Its partition count.
        public var partitions: Int
        /// Topic configs such as `cleanup.policy=compact`.
        public var configs: [String: String]

        /// Creates a topic description.
        public init(name: String, partitions: Int, configs: [String: String] = [:]) {
            self.name = name
            self.partitions = partitions
            self.configs = configs
        }
    }

    private let client: RDKafkaClient
    private let pollLoop: RDKafkaPollLoop

    /// Creates an admin client.
    /// - Throws: ``KafkaError`` when the configuration is invalid.
    public init(configuration: KafkaConfiguration, handlers: KafkaClientHandlers = .init()) throws(KafkaError) {
        let callbacks = RDKafkaCallbacks()
        handlers.install(on: callbacks)
        var properties = configuration.renderCommon()
        properties.merge(configuration.properties) { _, raw in raw }
        client = try RDKafkaClient(kind: .producer, properties: properties, callbacks: callbacks)
        pollLoop = RDKafkaPollLoop(client: client, name: "sluice-admin-poll")
    }

    deinit {
        pollLoop.stop()
        client.destroy()
    }

    /// Topic metadata; `nil` asks for every topic.
    public func metadata(topics: [String]? = nil, timeout: Duration = .seconds(10)) throws(KafkaError)
        -> [TopicMetadata]
    {
        try client.metadata(topics: topics, timeout: timeout)
    }

    /// The cluster's id, as its metadata reports it; `nil` when it did not answer within `timeout`.
    ///
    /// librdkafka's mock cluster reports an id starting with `mockCluster`.
    public func clusterID(timeout: Duration = .seconds(10)) -> String? {
        client.clusterID(timeout: timeout)
    }

    /// Creates topics.
    /// - Parameter ignoreExisting: Treat "topic already exists" as success. Default: `true`.
    /// - Throws: The first topic's ``KafkaError``.
    public func createTopics(
        _ topics: [NewTopic],
        ignoreExisting: Bool = true,
        timeout: Duration = .seconds(30)
    ) throws(KafkaError) {
        let answers = try client.createTopics(
            topics.map { ($0.name, $0.partitions, $0.configs) },
            timeout: timeout
        )
        for topic in topics {
            guard let answer = answers[topic.name], let error = answer else { continue }
            if ignoreExisting && error.code == .topicAlreadyExists { continue }
            throw error
        }
    }

    /// Deletes topics.
    /// - Throws: The first topic's ``KafkaError``.
    public func deleteTopics(_ names: [String], timeout: Duration = .seconds(30)) throws(KafkaError) {
        let answers = try client.deleteTopics(names, timeout: timeout)
        for name in names {
            if let answer = answers[name], let error = answer { throw error }
        }
    }

    /// Describes a consumer group: its state and the members it has now.
    /// - Parameters:
    ///   - groupID: The group (for a Sluice application, its application id).
    ///   - timeout: How long to wait for the coordinator's answer.
    /// - Returns: The group's description; a group the cluster does not know is `Dead`, with no members.
    /// - Throws: ``KafkaError`` when the cluster does not answer or reports an error for the group.
    public func describeGroup(_ groupID: String, timeout: Duration = .seconds(10)) throws(KafkaError)
        -> KafkaGroupDescription
    {
        try client.describeGroup(groupID, timeout: timeout)
    }

    /// Stops the client.
    public func close() {
        pollLoop.stop()
        client.destroy()
    }
}
