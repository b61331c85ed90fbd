import Foundation

/// Everything the broker knows, behind one lock (`condition`). Request handlers lock it, decide, and wait
/// on the condition when a request must be held (Fetch, JoinGroup, SyncGroup); appends and the
/// housekeeping tick broadcast it.
final class BrokerState: @unchecked Sendable {
    let configuration: BrokerConfiguration
    let condition = NSCondition()
    /// The port written into Metadata and FindCoordinator answers.
    var advertisedPort: Int32 = 0
    var stopping = false
    /// Incremented on every append and marker, so held fetches know when to look again.
    var dataVersion: UInt64 = 0
    var topics: [String: Topic] = [:]
    var groups: [String: ConsumerGroup] = [:]
    var transactions: [String: Transaction] = [:]
    var transactionalIDs: [Int64: String] = [:]
    var nextProducerID: Int64 = 1000
    var nextMemberSequence = 0

    init(configuration: BrokerConfiguration) {
        self.configuration = configuration
    }

    var now: ContinuousClock.Instant { ContinuousClock.now }

    /// Milliseconds since 1970, for timestamps written into markers.
    var wallClockMilliseconds: Int64 { Int64(Date().timeIntervalSince1970 * 1000) }

    func withLock<T>(_ body: () throws -> T) rethrows -> T {
        condition.lock()
        defer { condition.unlock() }
        return try body()
    }

    /// Waits on the condition for at most `seconds`; the lock must be held.
    func wait(seconds: Double) {
        _ = condition.wait(until: Date(timeIntervalSinceNow: max(0.001, seconds)))
    }

    /// Waits on the condition until `deadline` at the latest; the lock must be held.
    func wait(until deadline: ContinuousClock.Instant) {
        let left = (deadline - now).components
        wait(seconds: Double(left.seconds) + Double(left.attoseconds) / 1e18)
    }

    func log(_ message: @autoclosure () -> String) {
        guard configuration.logsToStandardError else { return }
        FileHandle.standardError.write(Data("sluice-broker: \(message())\n".utf8))
    }

    // MARK: - Topics

    /// Creates a topic; the lock must be held.
    func createTopicLocked(_ name: String, partitions: Int) -> Int16 {
        guard Topic.isValidName(name) else { return ErrorCode.invalidRequest }
        guard topics[name] == nil else { return ErrorCode.topicAlreadyExists }
        guard partitions > 0 else { return ErrorCode.invalidPartitions }
        topics[name] = Topic(name: name, partitionCount: partitions)
        log("created topic \(name) with \(partitions) partitions")
        return ErrorCode.none
    }

    func partitionLog(_ key: PartitionKey) -> PartitionLog? {
        topics[key.topic]?.partition(key.partition)
    }

    // MARK: - Producers

    func allocateProducerID() -> Int64 {
        defer { nextProducerID += 1 }
        return nextProducerID
    }

    /// The coordinator's current epoch of a transactional producer id.
    func currentEpoch(of producerID: Int64) -> Int16? {
        guard let id = transactionalIDs[producerID], let transaction = transactions[id],
            transaction.producerID == producerID
        else { return nil }
        return transaction.producerEpoch
    }

    /// Writes markers to every partition of the transaction, applies or drops its offsets, and closes it.
    func endTransaction(_ transaction: Transaction, commit: Bool, markerEpoch: Int16) {
        let timestamp = wallClockMilliseconds
        for key in transaction.partitions.sorted() {
            partitionLog(key)?.writeMarker(
                commit: commit,
                producerID: transaction.producerID,
                producerEpoch: markerEpoch,
                timestamp: timestamp
            )
        }
        if commit {
            for (groupID, offsets) in transaction.pendingOffsets {
                let group = group(groupID)
                for (key, offset) in offsets {
                    group.offsets[key] = offset
                }
            }
        }
        transaction.phase = commit ? .completeCommit : .completeAbort
        transaction.partitions = []
        transaction.groups = []
        transaction.pendingOffsets = [:]
        transaction.startedAt = nil
        dataVersion &+= 1
        condition.broadcast()
        log("\(commit ? "committed" : "aborted") transaction \(transaction.transactionalID)")
    }

    // MARK: - Groups

    func group(_ groupID: String) -> ConsumerGroup {
        if let group = groups[groupID] { return group }
        let group = ConsumerGroup(groupID: groupID)
        groups[groupID] = group
        return group
    }

    /// Whether an open transaction holds offsets for `groupID` and `key` that are not yet committed.
    func hasPendingTransactionalOffset(groupID: String, key: PartitionKey) -> Bool {
        transactions.values.contains { $0.phase == .ongoing && $0.pendingOffsets[groupID]?[key] != nil }
    }

    // MARK: - Housekeeping

    /// Expires sessions, completes join phases and aborts timed-out transactions; the lock must be held.
    func tick() {
        let now = self.now
        var changed = false
        for group in groups.values {
            if group.expireSessions(now: now) {
                changed = true
                log("group \(group.groupID): member session expired")
            }
            if group.completeJoinIfReady(now: now) { changed = true }
        }
        for transaction in transactions.values where transaction.phase == .ongoing {
            guard let started = transaction.startedAt, now - started > transaction.timeout else { continue }
            log("transaction \(transaction.transactionalID) timed out; aborting")
            bumpEpoch(transaction)
            endTransaction(transaction, commit: false, markerEpoch: transaction.producerEpoch)
            changed = true
        }
        if changed { condition.broadcast() }
    }

    /// Increments the epoch of a transactional id, moving to a new producer id when the epoch is exhausted.
    func bumpEpoch(_ transaction: Transaction) {
        if transaction.producerEpoch >= Int16.max - 1 {
            transactionalIDs[transaction.producerID] = nil
            transaction.producerID = allocateProducerID()
            transaction.producerEpoch = 0
            transactionalIDs[transaction.producerID] = transaction.transactionalID
        } else {
            transaction.producerEpoch += 1
        }
    }
}
