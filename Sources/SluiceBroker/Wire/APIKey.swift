/// The request types this broker answers, with the version range it advertises (minimum always 0).
enum APIKey: Int16, CaseIterable {
    case produce = 0
    case fetch = 1
    case listOffsets = 2
    case metadata = 3
    case offsetCommit = 8
    case offsetFetch = 9
    case findCoordinator = 10
    case joinGroup = 11
    case heartbeat = 12
    case leaveGroup = 13
    case syncGroup = 14
    case describeGroups = 15
    case listGroups = 16
    case apiVersions = 18
    case createTopics = 19
    case deleteTopics = 20
    case deleteRecords = 21
    case initProducerID = 22
    case addPartitionsToTxn = 24
    case addOffsetsToTxn = 25
    case endTxn = 26
    case txnOffsetCommit = 28
    case describeConfigs = 32

    /// The highest version advertised in ApiVersions.
    var maximumVersion: Int16 {
        switch self {
        case .produce: 7
        case .fetch: 11
        case .listOffsets: 2
        case .metadata: 4
        case .offsetCommit: 7
        case .offsetFetch: 7
        case .findCoordinator: 2
        case .joinGroup: 5
        case .heartbeat: 3
        case .leaveGroup: 1
        case .syncGroup: 3
        case .describeGroups: 4
        case .listGroups: 2
        case .apiVersions: 3
        case .createTopics: 4
        case .deleteTopics: 1
        case .deleteRecords: 1
        case .initProducerID: 4
        case .addPartitionsToTxn: 0
        case .addOffsetsToTxn: 0
        case .endTxn: 1
        case .txnOffsetCommit: 3
        case .describeConfigs: 1
        }
    }

    /// The first version that uses the flexible (KIP-482) encoding, or `nil` if none is advertised.
    var firstFlexibleVersion: Int16? {
        switch self {
        case .apiVersions: 3
        case .offsetFetch: 6
        case .initProducerID: 2
        case .txnOffsetCommit: 3
        default: nil
        }
    }

    /// Whether `version` uses compact fields and tagged-field sections.
    func isFlexible(_ version: Int16) -> Bool {
        guard let first = firstFlexibleVersion else { return false }
        return version >= first
    }
}
