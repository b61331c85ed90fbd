/// The failures particular to replays and resets.
extension ApplicationError.Code {
    /// The application to replay has neither committed offsets nor internal topics on the cluster: it never ran
    /// there, or its id is misspelled.
    public static let unknownApplication = ApplicationError.Code(description: "unknown_application")
    /// The application's consumer group has active members, so its offsets and state cannot be reset under it.
    public static let activeMembers = ApplicationError.Code(description: "active_members")
}
