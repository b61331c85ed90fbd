/// The faults a broker injects, guarded by the broker's lock.
struct FaultPlan {
    /// An error code to answer the next `remaining` requests of an API with.
    struct InjectedError {
        var errorCode: Int16
        var remaining: Int
    }

    var errors: [APIKey: InjectedError] = [:]
    /// How long every response waits before it is written.
    var responseDelay: Duration = .zero
    /// Until when new connections are closed as soon as they are accepted.
    var pausedUntil: ContinuousClock.Instant?

    /// The APIs whose responses can carry an injected error.
    static let injectable: Set<APIKey> = [
        .produce, .fetch, .offsetCommit, .findCoordinator, .joinGroup, .syncGroup, .heartbeat, .leaveGroup,
        .initProducerID, .addOffsetsToTxn, .endTxn,
    ]

    /// Takes one injected error for `key`, if any remain.
    mutating func takeError(for key: APIKey) -> Int16? {
        guard var injected = errors[key], injected.remaining > 0 else { return nil }
        injected.remaining -= 1
        errors[key] = injected.remaining > 0 ? injected : nil
        return injected.errorCode
    }
}
