/// One record of the ``MetadataJournal``.
enum JournalEntry: Equatable {
    /// A topic and its configuration (the `configs` of CreateTopics).
    case topicCreated(name: String, partitions: Int32, configs: [String: String])
    case topicDeleted(name: String)
    /// An offset committed for a group, directly or by a committed transaction.
    case offsetCommitted(group: String, key: PartitionKey, offset: CommittedOffset)
    /// The whole state of a transactional id after a change.
    case transaction(TransactionRecord)
    /// The next producer id to hand out.
    case nextProducerID(Int64)

    /// A transactional id's coordinator state as journaled.
    struct TransactionRecord: Equatable {
        /// The phases, including the two "prepare" phases journaled just before markers are written.
        enum Phase: Int8 {
            case empty = 0
            case ongoing = 1
            case prepareCommit = 2
            case prepareAbort = 3
            case completeCommit = 4
            case completeAbort = 5
        }

        var transactionalID: String
        var producerID: Int64
        var producerEpoch: Int16
        var timeoutMilliseconds: Int64
        var phase: Phase
        var partitions: [PartitionKey]
        var groups: [String]
        var pendingOffsets: [(group: String, key: PartitionKey, offset: CommittedOffset)]

        static func == (lhs: TransactionRecord, rhs: TransactionRecord) -> Bool {
            lhs.transactionalID == rhs.transactionalID && lhs.producerID == rhs.producerID
                && lhs.producerEpoch == rhs.producerEpoch && lhs.timeoutMilliseconds == rhs.timeoutMilliseconds
                && lhs.phase == rhs.phase && lhs.partitions == rhs.partitions && lhs.groups == rhs.groups
                && lhs.pendingOffsets.count == rhs.pendingOffsets.count
                && zip(lhs.pendingOffsets, rhs.pendingOffsets).allSatisfy {
                    $0.group == $1.group && $0.key == $1.key && $0.offset == $1.offset
                }
        }
    }

    /// The entry's bytes: a type byte, then its fields in Kafka wire encodings.
    func encoded() -> [UInt8] {
        var writer = ByteWriter(capacity: 64)
        switch self {
        case .topicCreated(let name, let partitions, let configs):
            writer.int8(1)
            writer.string(name)
            writer.int32(partitions)
            writer.array(configs.sorted { $0.key < $1.key }) { writer, entry in
                writer.string(entry.key)
                writer.string(entry.value)
            }
        case .topicDeleted(let name):
            writer.int8(2)
            writer.string(name)
        case .offsetCommitted(let group, let key, let offset):
            writer.int8(3)
            writer.string(group)
            Self.write(key, offset, to: &writer)
        case .transaction(let record):
            writer.int8(4)
            writer.string(record.transactionalID)
            writer.int64(record.producerID)
            writer.int16(record.producerEpoch)
            writer.int64(record.timeoutMilliseconds)
            writer.int8(record.phase.rawValue)
            writer.array(record.partitions) { writer, key in
                writer.string(key.topic)
                writer.int32(key.partition)
            }
            writer.array(record.groups) { $0.string($1) }
            writer.array(record.pendingOffsets) { writer, pending in
                writer.string(pending.group)
                Self.write(pending.key, pending.offset, to: &writer)
            }
        case .nextProducerID(let next):
            writer.int8(5)
            writer.int64(next)
        }
        return writer.bytes
    }

    /// Decodes an entry written by ``encoded()``.
    ///
    /// - Throws: `WireError` when the bytes are not an entry.
    init(decoding bytes: [UInt8]) throws {
        var reader = ByteReader(bytes)
        switch try reader.int8() {
        case 1:
            let name = try reader.string()
            let partitions = try reader.int32()
            let pairs = try reader.array { reader in (try reader.string(), try reader.string()) }
            self = .topicCreated(name: name, partitions: partitions, configs: Dictionary(pairs) { $1 })
        case 2:
            self = .topicDeleted(name: try reader.string())
        case 3:
            let group = try reader.string()
            let (key, offset) = try Self.readOffset(&reader)
            self = .offsetCommitted(group: group, key: key, offset: offset)
        case 4:
            let transactionalID = try reader.string()
            let producerID = try reader.int64()
            let producerEpoch = try reader.int16()
            let timeout = try reader.int64()
            guard let phase = TransactionRecord.Phase(rawValue: try reader.int8()) else {
                throw WireError.invalidLength
            }
            let partitions = try reader.array { reader in
                PartitionKey(topic: try reader.string(), partition: try reader.int32())
            }
            let groups = try reader.array { try $0.string() }
            let pending = try reader.array { reader in
                let group = try reader.string()
                let (key, offset) = try Self.readOffset(&reader)
                return (group: group, key: key, offset: offset)
            }
            self = .transaction(
                TransactionRecord(
                    transactionalID: transactionalID,
                    producerID: producerID,
                    producerEpoch: producerEpoch,
                    timeoutMilliseconds: timeout,
                    phase: phase,
                    partitions: partitions,
                    groups: groups,
                    pendingOffsets: pending
                )
            )
        case 5:
            self = .nextProducerID(try reader.int64())
        default:
            throw WireError.invalidLength
        }
    }

    private static func write(_ key: PartitionKey, _ offset: CommittedOffset, to writer: inout ByteWriter) {
        writer.string(key.topic)
        writer.int32(key.partition)
        writer.int64(offset.offset)
        writer.int32(offset.leaderEpoch)
        writer.nullableString(offset.metadata)
    }

    private static func readOffset(_ reader: inout ByteReader) throws -> (PartitionKey, CommittedOffset) {
        let key = PartitionKey(topic: try reader.string(), partition: try reader.int32())
        let offset = CommittedOffset(
            offset: try reader.int64(),
            leaderEpoch: try reader.int32(),
            metadata: try reader.nullableString()
        )
        return (key, offset)
    }
}
