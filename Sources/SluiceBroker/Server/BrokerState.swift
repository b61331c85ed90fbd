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
    /// The metadata journal, `nil` in memory-only mode or before ``openStorage()``.
    var journal: MetadataJournal?
    /// Faults to inject into requests, set through the broker's fault API.
    var faults = FaultPlan()
    /// When retention and compaction last ran.
    var lastCleaning: ContinuousClock.Instant?

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

    /// Creates a topic (journaled and with its partition directories when the broker has a data directory);
    /// the lock must be held.
    func createTopicLocked(_ name: String, partitions: Int, configs: [String: String] = [:]) -> Int16 {
        guard Topic.isValidName(name) else { return ErrorCode.invalidRequest }
        guard topics[name] == nil else { return ErrorCode.topicAlreadyExists }
        guard partitions > 0, partitions <= Topic.maximumPartitions else { return ErrorCode.invalidPartitions }
        let topic = Topic(name: name, partitionCount: partitions, configs: configs)
        if journal != nil {
            do {
                try journal?.append(.topicCreated(name: name, partitions: Int32(partitions), configs: configs))
                try attachStorage(topic)
            } catch {
                log("cannot create topic \(name): \(error)")
                return ErrorCode.kafkaStorageError
            }
        }
        topics[name] = topic
        log("created topic \(name) with \(partitions) partitions")
        return ErrorCode.none
    }

    func partitionLog(_ key: PartitionKey) -> PartitionLog? {
        topics[key.topic]?.partition(key.partition)
    }

    // MARK: - Producers

    func allocateProducerID() -> Int64 {
        defer {
            nextProducerID += 1
            journal(.nextProducerID(nextProducerID))
        }
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
    /// With a data directory the decision is journaled before the first marker, so a restart finishes it.
    ///
    /// - Parameter onlyOpenPartitions: write markers only where the producer has an open transaction (during
    ///   recovery, when some markers may already be on disk).
    func endTransaction(_ transaction: Transaction, commit: Bool, markerEpoch: Int16, onlyOpenPartitions: Bool = false)
    {
        let timestamp = wallClockMilliseconds
        journalTransaction(transaction, phase: commit ? .prepareCommit : .prepareAbort)
        for key in transaction.partitions.sorted() {
            guard let partition = partitionLog(key) else { continue }
            if onlyOpenPartitions, partition.openTransactions[transaction.producerID] == nil { continue }
            do {
                try partition.writeMarker(
                    commit: commit,
                    producerID: transaction.producerID,
                    producerEpoch: markerEpoch,
                    timestamp: timestamp
                )
            } catch {
                log("cannot write a transaction marker to \(key.topic)-\(key.partition): \(error)")
            }
        }
        if commit {
            for (groupID, offsets) in transaction.pendingOffsets {
                let group = group(groupID)
                for (key, offset) in offsets {
                    group.offsets[key] = offset
                    journal(.offsetCommitted(group: groupID, key: key, offset: offset))
                }
            }
        }
        transaction.phase = commit ? .completeCommit : .completeAbort
        transaction.partitions = []
        transaction.groups = []
        transaction.pendingOffsets = [:]
        transaction.startedAt = nil
        journalTransaction(transaction)
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
        if lastCleaning.map({ now - $0 >= configuration.cleanerInterval }) ?? true {
            lastCleaning = now
            if clean() { changed = true }
        }
        if changed { condition.broadcast() }
    }

    /// Applies every topic's retention and compaction once; the lock must be held.
    ///
    /// - Returns: whether any partition changed.
    @discardableResult
    func clean() -> Bool {
        let wallClock = wallClockMilliseconds
        var changed = false
        for topic in topics.values {
            let policy = TopicCleanupPolicy(configs: topic.configs)
            guard policy.deletes || policy.compacts else { continue }
            for partition in topic.partitions {
                if partition.applyRetention(policy, now: wallClock) { changed = true }
                if partition.compact(policy, now: wallClock) > 0 { changed = true }
            }
        }
        if changed { dataVersion &+= 1 }
        return changed
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
