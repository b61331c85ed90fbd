/// The names Kafka gives the APIs, for the fault-injection commands.
extension APIKey {
    /// The API's name as Kafka spells it ("Produce", "InitProducerId").
    var name: String {
        switch self {
        case .produce: "Produce"
        case .fetch: "Fetch"
        case .listOffsets: "ListOffsets"
        case .metadata: "Metadata"
        case .offsetCommit: "OffsetCommit"
        case .offsetFetch: "OffsetFetch"
        case .findCoordinator: "FindCoordinator"
        case .joinGroup: "JoinGroup"
        case .heartbeat: "Heartbeat"
        case .leaveGroup: "LeaveGroup"
        case .syncGroup: "SyncGroup"
        case .describeGroups: "DescribeGroups"
        case .listGroups: "ListGroups"
        case .apiVersions: "ApiVersions"
        case .createTopics: "CreateTopics"
        case .deleteTopics: "DeleteTopics"
        case .deleteRecords: "DeleteRecords"
        case .initProducerID: "InitProducerId"
        case .addPartitionsToTxn: "AddPartitionsToTxn"
        case .addOffsetsToTxn: "AddOffsetsToTxn"
        case .endTxn: "EndTxn"
        case .txnOffsetCommit: "TxnOffsetCommit"
        case .describeConfigs: "DescribeConfigs"
        }
    }

    /// The key named `text` (any case) or numbered `text`.
    init?(named text: String) {
        if let number = Int16(text), let key = APIKey(rawValue: number) {
            self = key
            return
        }
        guard let key = APIKey.allCases.first(where: { $0.name.lowercased() == text.lowercased() }) else {
            return nil
        }
        self = key
    }
}
