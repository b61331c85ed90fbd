/// Which broker a scenario runs against.
enum BrokerKind: String, Codable, Sendable {
    /// The project's in-process broker (`SluiceBroker.Broker`), with transactions.
    case project
    /// librdkafka's mock cluster (`KafkaMockCluster`): no transaction semantics, at-least-once only.
    case mock
}
