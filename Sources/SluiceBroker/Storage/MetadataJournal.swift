import Foundation

/// The append-only journal of the broker's metadata (`<data directory>/metadata.journal`): topics, committed
/// group offsets, transaction states and the producer id counter.
///
/// Each record is its payload's length (int32), the CRC-32C of the payload (uint32) and the payload, an
/// encoded ``JournalEntry``. Replay stops at the first torn or corrupt record and cuts the file there. After
/// a replay the broker rewrites the journal as a snapshot of its state, so it does not grow without bound
/// across restarts.
final class MetadataJournal {
    let path: String
    private var file: StorageFile
    private let fsync: FsyncPolicy

    /// Opens (creating if needed) the journal at `path`.
    ///
    /// - Throws: ``BrokerError`` with code `.storage`.
    init(path: String, fsync: FsyncPolicy) throws {
        self.path = path
        self.fsync = fsync
        file = try StorageFile(path: path)
    }

    /// Every intact entry, in order; a torn or corrupt tail is cut off.
    ///
    /// - Throws: ``BrokerError`` with code `.storage`.
    func replay() throws -> [JournalEntry] {
        let bytes = try file.readAll()
        var entries: [JournalEntry] = []
        var reader = ByteReader(bytes)
        var good = 0
        while reader.position < bytes.count {
            guard let length = try? Int(reader.int32()), length >= 0, let crc = try? reader.int32(),
                let payload = try? reader.raw(length),
                CRC32C.checksum(payload, range: 0..<payload.count) == UInt32(bitPattern: crc),
                let entry = try? JournalEntry(decoding: payload)
            else { break }
            entries.append(entry)
            good = reader.position
        }
        if good < bytes.count { try file.truncate(to: good) }
        return entries
    }

    /// Appends an entry; with ``FsyncPolicy/always`` it is synced before this returns.
    ///
    /// - Throws: ``BrokerError`` with code `.storage`.
    func append(_ entry: JournalEntry) throws {
        try file.append(Self.record(entry))
        if fsync.syncsEveryWrite { try file.sync() }
    }

    /// Replaces the journal with `entries`, written and synced to a temporary file first.
    ///
    /// - Throws: ``BrokerError`` with code `.storage`.
    func rewrite(_ entries: [JournalEntry]) throws {
        let temporary = path + ".tmp"
        try? FileManager.default.removeItem(atPath: temporary)
        let replacement = try StorageFile(path: temporary)
        var bytes: [UInt8] = []
        for entry in entries {
            bytes += Self.record(entry)
        }
        try replacement.append(bytes)
        try replacement.sync()
        guard rename(temporary, path) == 0 else { throw BrokerError(.storage, "cannot rename \(temporary)") }
        file = replacement
    }

    /// Forces the journal to the disk.
    func sync() {
        try? file.sync()
    }

    private static func record(_ entry: JournalEntry) -> [UInt8] {
        let payload = entry.encoded()
        var writer = ByteWriter(capacity: payload.count + 8)
        writer.int32(Int32(payload.count))
        writer.uint32(CRC32C.checksum(payload, range: 0..<payload.count))
        writer.raw(payload)
        return writer.bytes
    }
}
