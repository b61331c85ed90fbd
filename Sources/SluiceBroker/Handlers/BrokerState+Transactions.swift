/// The transaction coordinator: InitProducerId, AddPartitionsToTxn, AddOffsetsToTxn, EndTxn, TxnOffsetCommit.
extension BrokerState {
    /// InitProducerId v0-4. For a transactional id: the first call allocates a producer id at epoch 0,
    /// later ones bump the epoch, abort the open transaction and so fence the older producer. From v3, a
    /// producer naming its current id and epoch asks for a bump (KIP-360); a stale pair is fenced (v4:
    /// PRODUCER_FENCED, earlier: INVALID_PRODUCER_EPOCH).
    func initProducerID(_ header: RequestHeader, _ reader: inout ByteReader) throws -> [UInt8] {
        let version = header.apiVersion
        let flexible = header.isFlexible
        let transactionalID = try reader.nullableString(flexible: flexible)
        let timeoutMilliseconds = try reader.int32()
        let producerID = version >= 3 ? try reader.int64() : -1
        let producerEpoch = version >= 3 ? try reader.int16() : -1
        try reader.tags(flexible: flexible)

        let (errorCode, id, epoch): (Int16, Int64, Int16) = withLock {
            guard let transactionalID, !transactionalID.isEmpty else {
                if producerID >= 0, producerEpoch >= 0, producerEpoch < Int16.max - 1 {
                    return (ErrorCode.none, producerID, producerEpoch + 1)
                }
                return (ErrorCode.none, allocateProducerID(), 0)
            }
            let timeout = Duration.milliseconds(Int(timeoutMilliseconds))
            guard timeoutMilliseconds > 0, timeout <= configuration.transactionTimeoutMaximum else {
                return (ErrorCode.invalidTransactionTimeout, -1, -1)
            }
            guard let transaction = transactions[transactionalID] else {
                let transaction = Transaction(
                    transactionalID: transactionalID,
                    producerID: allocateProducerID(),
                    producerEpoch: 0,
                    timeout: timeout
                )
                transactions[transactionalID] = transaction
                transactionalIDs[transaction.producerID] = transactionalID
                journalTransaction(transaction)
                return (ErrorCode.none, transaction.producerID, 0)
            }
            if producerID >= 0,
                producerID != transaction.producerID || producerEpoch != transaction.producerEpoch
            {
                return (version >= 4 ? ErrorCode.producerFenced : ErrorCode.invalidProducerEpoch, -1, -1)
            }
            if transaction.phase == .ongoing {
                let fencingEpoch = transaction.producerEpoch < Int16.max ? transaction.producerEpoch + 1 : Int16.max
                endTransaction(transaction, commit: false, markerEpoch: fencingEpoch)
                log("transaction \(transactionalID) aborted by a new producer instance")
            }
            bumpEpoch(transaction)
            transaction.phase = .empty
            transaction.timeout = timeout
            journalTransaction(transaction)
            return (ErrorCode.none, transaction.producerID, transaction.producerEpoch)
        }

        var writer = ByteWriter()
        writer.int32(0)
        writer.int16(errorCode)
        writer.int64(id)
        writer.int16(epoch)
        writer.tags(flexible: flexible)
        return writer.bytes
    }

    /// The transaction of `transactionalID` if the producer id and epoch are current, else the error code.
    private func currentTransaction(
        _ transactionalID: String,
        producerID: Int64,
        producerEpoch: Int16
    ) -> Result<Transaction, TransactionFailure> {
        guard let transaction = transactions[transactionalID], transaction.producerID == producerID else {
            return .failure(TransactionFailure(code: ErrorCode.invalidProducerIDMapping))
        }
        guard transaction.producerEpoch == producerEpoch else {
            return .failure(TransactionFailure(code: ErrorCode.invalidProducerEpoch))
        }
        return .success(transaction)
    }

    /// AddPartitionsToTxn v0: starts the transaction if needed and registers its partitions.
    func addPartitionsToTxn(_ header: RequestHeader, _ reader: inout ByteReader) throws -> [UInt8] {
        let transactionalID = try reader.string()
        let producerID = try reader.int64()
        let producerEpoch = try reader.int16()
        let requested = try reader.array { reader in
            (name: try reader.string(), partitions: try reader.array { try $0.int32() })
        }

        return withLock {
            var common = ErrorCode.none
            var transaction: Transaction?
            switch currentTransaction(transactionalID, producerID: producerID, producerEpoch: producerEpoch) {
            case .success(let found): transaction = found
            case .failure(let failure): common = failure.code
            }
            let unknown = requested.flatMap { topic in
                topic.partitions.map { PartitionKey(topic: topic.name, partition: $0) }
            }.filter { partitionLog($0) == nil }
            if common == ErrorCode.none, unknown.isEmpty, let transaction {
                transaction.begin(now: now)
                for topic in requested {
                    for partition in topic.partitions {
                        transaction.partitions.insert(PartitionKey(topic: topic.name, partition: partition))
                    }
                }
                journalTransaction(transaction)
            }

            var writer = ByteWriter(capacity: 128)
            writer.int32(0)
            writer.array(requested) { writer, topic in
                writer.string(topic.name)
                writer.array(topic.partitions) { writer, partition in
                    let key = PartitionKey(topic: topic.name, partition: partition)
                    writer.int32(partition)
                    if common != ErrorCode.none {
                        writer.int16(common)
                    } else if unknown.isEmpty {
                        writer.int16(ErrorCode.none)
                    } else {
                        writer.int16(
                            unknown.contains(key) ? ErrorCode.unknownTopicOrPartition : ErrorCode.operationNotAttempted
                        )
                    }
                }
            }
            return writer.bytes
        }
    }

    /// AddOffsetsToTxn v0: starts the transaction if needed and registers the group.
    func addOffsetsToTxn(_ header: RequestHeader, _ reader: inout ByteReader) throws -> [UInt8] {
        let transactionalID = try reader.string()
        let producerID = try reader.int64()
        let producerEpoch = try reader.int16()
        let groupID = try reader.string()

        let errorCode: Int16 = withLock {
            switch currentTransaction(transactionalID, producerID: producerID, producerEpoch: producerEpoch) {
            case .success(let transaction):
                guard !groupID.isEmpty else { return ErrorCode.invalidGroupID }
                transaction.begin(now: now)
                transaction.groups.insert(groupID)
                journalTransaction(transaction)
                return ErrorCode.none
            case .failure(let failure):
                return failure.code
            }
        }

        var writer = ByteWriter()
        writer.int32(0)
        writer.int16(errorCode)
        return writer.bytes
    }

    /// EndTxn v0-1: writes COMMIT or ABORT markers to every partition of the transaction and applies (or drops)
    /// its offsets before answering. Repeating a finished commit or abort succeeds.
    func endTxn(_ header: RequestHeader, _ reader: inout ByteReader) throws -> [UInt8] {
        let transactionalID = try reader.string()
        let producerID = try reader.int64()
        let producerEpoch = try reader.int16()
        let commit = try reader.bool()

        let errorCode: Int16 = withLock {
            switch currentTransaction(transactionalID, producerID: producerID, producerEpoch: producerEpoch) {
            case .success(let transaction):
                switch transaction.phase {
                case .ongoing:
                    endTransaction(transaction, commit: commit, markerEpoch: transaction.producerEpoch)
                    return ErrorCode.none
                case .completeCommit:
                    return commit ? ErrorCode.none : ErrorCode.invalidTransactionState
                case .completeAbort:
                    return commit ? ErrorCode.invalidTransactionState : ErrorCode.none
                case .empty:
                    return ErrorCode.invalidTransactionState
                }
            case .failure(let failure):
                return failure.code
            }
        }

        var writer = ByteWriter()
        writer.int32(0)
        writer.int16(errorCode)
        return writer.bytes
    }

    /// TxnOffsetCommit v0-3: keeps the offsets with the transaction until it ends. From v3 the consumer's
    /// generation and member id are checked (KIP-447), so a zombie from an older generation is rejected.
    func txnOffsetCommit(_ header: RequestHeader, _ reader: inout ByteReader) throws -> [UInt8] {
        let version = header.apiVersion
        let flexible = header.isFlexible
        let transactionalID = try reader.string(flexible: flexible)
        let groupID = try reader.string(flexible: flexible)
        let producerID = try reader.int64()
        let producerEpoch = try reader.int16()
        var generation: Int32 = -1
        var memberID = ""
        var instanceID: String?
        if version >= 3 {
            generation = try reader.int32()
            memberID = try reader.string(flexible: flexible)
            instanceID = try reader.nullableString(flexible: flexible)
        }
        let requested = try reader.array(flexible: flexible) { reader in
            let name = try reader.string(flexible: flexible)
            let partitions = try reader.array(flexible: flexible) { reader in
                let index = try reader.int32()
                let offset = try reader.int64()
                let epoch = version >= 2 ? try reader.int32() : -1
                let metadata = try reader.nullableString(flexible: flexible)
                try reader.tags(flexible: flexible)
                return (index: index, offset: CommittedOffset(offset: offset, leaderEpoch: epoch, metadata: metadata))
            }
            try reader.tags(flexible: flexible)
            return (name: name, partitions: partitions)
        }
        try reader.tags(flexible: flexible)

        return withLock {
            var common = ErrorCode.none
            var transaction: Transaction?
            switch currentTransaction(transactionalID, producerID: producerID, producerEpoch: producerEpoch) {
            case .success(let found):
                transaction = found
                if found.phase != .ongoing || !found.groups.contains(groupID) {
                    common = ErrorCode.invalidTransactionState
                } else if generation >= 0 || !memberID.isEmpty {
                    if let group = groups[groupID] {
                        common =
                            group.validate(memberID: memberID, generation: generation, instanceID: instanceID)
                            ?? ErrorCode.none
                    } else {
                        common = ErrorCode.illegalGeneration
                    }
                }
            case .failure(let failure):
                common = failure.code
            }

            var writer = ByteWriter(capacity: 128)
            writer.int32(0)
            writer.array(requested, flexible: flexible) { writer, topic in
                writer.string(topic.name, flexible: flexible)
                writer.array(topic.partitions, flexible: flexible) { writer, partition in
                    let key = PartitionKey(topic: topic.name, partition: partition.index)
                    var code = common
                    if code == ErrorCode.none {
                        if partitionLog(key) == nil {
                            code = ErrorCode.unknownTopicOrPartition
                        } else {
                            transaction?.pendingOffsets[groupID, default: [:]][key] = partition.offset
                        }
                    }
                    writer.int32(partition.index)
                    writer.int16(code)
                    writer.tags(flexible: flexible)
                }
                writer.tags(flexible: flexible)
            }
            writer.tags(flexible: flexible)
            return writer.bytes
        }
    }
}
