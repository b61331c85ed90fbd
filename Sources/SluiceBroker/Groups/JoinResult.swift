/// What a member's pending JoinGroup answers once the join phase completes.
struct JoinResult {
    var errorCode: Int16
    var generation: Int32
    var protocolName: String
    var leaderID: String
}
