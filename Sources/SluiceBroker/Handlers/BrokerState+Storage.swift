import Foundation

/// The data directory: opening and recovering it, journaling metadata, syncing on stop.
extension BrokerState {
    /// The directory holding one partition's files.
    func partitionDirectory(_ topic: String, _ partition: Int) -> String? {
        configuration.dataDirectory.map { "\($0)/logs/\(topic)-\(partition)" }
    }

    /// Opens the data directory (if configured) and rebuilds the broker's state from it: topics and their
    /// logs, committed offsets, transactions and the producer id counter. A transaction that was committing
    /// when the broker died is finished; one that was open is aborted with ABORT markers and a bumped epoch.
    /// The journal is then rewritten as a snapshot. The lock must be held; does nothing the second time.
    ///
    /// - Throws: ``BrokerError`` with code `.storage`.
    func openStorage() throws {
        guard journal == nil, let directory = configuration.dataDirectory else { return }
        do {
            try FileManager.default.createDirectory(atPath: directory + "/logs", withIntermediateDirectories: true)
        } catch {
            throw BrokerError(.storage, "cannot create \(directory): \(error)")
        }
        let journal = try MetadataJournal(path: directory + "/metadata.journal", fsync: configuration.fsync)
        let entries = try journal.replay()

        var records: [String: JournalEntry.TransactionRecord] = [:]
        var created: [String: Topic] = [:]
        for entry in entries {
            switch entry {
            case .topicCreated(let name, let partitions, let configs):
                guard (1...Topic.maximumPartitions).contains(Int(partitions)), Topic.isValidName(name) else {
                    log("skipping a journaled topic with a bad name or partition count")
                    continue
                }
                created[name] = Topic(name: name, partitionCount: Int(partitions), configs: configs)
            case .topicDeleted(let name):
                created[name] = nil
            case .offsetCommitted(let groupID, let key, let offset):
                group(groupID).offsets[key] = offset
            case .transaction(let record):
                records[record.transactionalID] = record
            case .nextProducerID(let next):
                nextProducerID = max(nextProducerID, next)
            }
        }
        for topic in created.values {
            try attachStorage(topic)
            topics[topic.name] = topic
        }
        self.journal = journal
        resumeTransactions(records)
        try journal.rewrite(snapshot())
        log("recovered \(topics.count) topics and \(transactions.count) transactional ids from \(directory)")
    }

    /// Opens the partition directories of a topic and restores each log from its files.
    ///
    /// - Throws: ``BrokerError`` with code `.storage`.
    func attachStorage(_ topic: Topic) throws {
        for (index, partition) in topic.partitions.enumerated() {
            guard let directory = partitionDirectory(topic.name, index) else { return }
            let (store, recovered) = try PartitionStore.open(directory: directory, configuration: configuration)
            if recovered.truncated { log("cut a torn tail of \(topic.name)-\(index)") }
            partition.restore(recovered)
            partition.storage = store
        }
    }

    private func resumeTransactions(_ records: [String: JournalEntry.TransactionRecord]) {
        for record in records.values.sorted(by: { $0.transactionalID < $1.transactionalID }) {
            let transaction = Transaction(
                transactionalID: record.transactionalID,
                producerID: record.producerID,
                producerEpoch: record.producerEpoch,
                timeout: .milliseconds(record.timeoutMilliseconds)
            )
            transaction.partitions = Set(record.partitions)
            transaction.groups = Set(record.groups)
            for pending in record.pendingOffsets {
                transaction.pendingOffsets[pending.group, default: [:]][pending.key] = pending.offset
            }
            transactions[record.transactionalID] = transaction
            transactionalIDs[record.producerID] = record.transactionalID
            nextProducerID = max(nextProducerID, record.producerID + 1)
            switch record.phase {
            case .empty: transaction.phase = .empty
            case .completeCommit: transaction.phase = .completeCommit
            case .completeAbort: transaction.phase = .completeAbort
            case .prepareCommit:
                transaction.phase = .ongoing
                endTransaction(transaction, commit: true, markerEpoch: record.producerEpoch, onlyOpenPartitions: true)
                log("finished the commit of transaction \(record.transactionalID) after a restart")
            case .ongoing, .prepareAbort:
                transaction.phase = .ongoing
                bumpEpoch(transaction)
                endTransaction(
                    transaction,
                    commit: false,
                    markerEpoch: transaction.producerEpoch,
                    onlyOpenPartitions: true
                )
                log("aborted transaction \(record.transactionalID) left open by the previous broker")
            }
        }

        // Transactional data of a producer the journal does not know about (its coordinator state was lost)
        // is aborted too, so no partition's last stable offset is stuck.
        for topic in topics.values {
            for partition in topic.partitions {
                for producerID in partition.openTransactions.keys.sorted() {
                    let epoch = partition.producers[producerID]?.epoch ?? 0
                    try? partition.writeMarker(
                        commit: false,
                        producerID: producerID,
                        producerEpoch: epoch,
                        timestamp: wallClockMilliseconds
                    )
                }
                for producerID in partition.producers.keys { nextProducerID = max(nextProducerID, producerID + 1) }
            }
        }
    }

    /// The journal entries that recreate the current state.
    private func snapshot() -> [JournalEntry] {
        var entries: [JournalEntry] = [.nextProducerID(nextProducerID)]
        for topic in topics.values.sorted(by: { $0.name < $1.name }) {
            entries.append(
                .topicCreated(name: topic.name, partitions: Int32(topic.partitions.count), configs: topic.configs)
            )
        }
        for group in groups.values.sorted(by: { $0.groupID < $1.groupID }) {
            for (key, offset) in group.offsets.sorted(by: { $0.key < $1.key }) {
                entries.append(.offsetCommitted(group: group.groupID, key: key, offset: offset))
            }
        }
        for transaction in transactions.values.sorted(by: { $0.transactionalID < $1.transactionalID }) {
            entries.append(.transaction(record(of: transaction, phase: nil)))
        }
        return entries
    }

    /// Appends to the journal if there is one; a failure is logged (the state in memory stays ahead).
    ///
    /// - Returns: whether the entry is journaled (or there is no journal).
    @discardableResult
    func journal(_ entry: JournalEntry) -> Bool {
        guard let journal else { return true }
        do {
            try journal.append(entry)
            return true
        } catch {
            log("cannot write the metadata journal: \(error)")
            return false
        }
    }

    /// Journals a transactional id's state; `phase` overrides its phase (for the prepare phases).
    func journalTransaction(_ transaction: Transaction, phase: JournalEntry.TransactionRecord.Phase? = nil) {
        guard journal != nil else { return }
        journal(.transaction(record(of: transaction, phase: phase)))
    }

    private func record(of transaction: Transaction, phase: JournalEntry.TransactionRecord.Phase?)
        -> JournalEntry.TransactionRecord
    {
        let current: JournalEntry.TransactionRecord.Phase =
            switch transaction.phase {
            case .empty: .empty
            case .ongoing: .ongoing
            case .completeCommit: .completeCommit
            case .completeAbort: .completeAbort
            }
        var pending: [(group: String, key: PartitionKey, offset: CommittedOffset)] = []
        for (group, offsets) in transaction.pendingOffsets.sorted(by: { $0.key < $1.key }) {
            for (key, offset) in offsets.sorted(by: { $0.key < $1.key }) {
                pending.append((group, key, offset))
            }
        }
        let timeout = transaction.timeout.components
        return JournalEntry.TransactionRecord(
            transactionalID: transaction.transactionalID,
            producerID: transaction.producerID,
            producerEpoch: transaction.producerEpoch,
            timeoutMilliseconds: timeout.seconds * 1000 + timeout.attoseconds / 1_000_000_000_000_000,
            phase: phase ?? current,
            partitions: transaction.partitions.sorted(),
            groups: transaction.groups.sorted(),
            pendingOffsets: pending
        )
    }

    /// Forces every partition's active segment and the journal to the disk (at stop).
    func syncStorage() {
        for topic in topics.values {
            for partition in topic.partitions { partition.storage?.sync() }
        }
        journal?.sync()
    }
}
