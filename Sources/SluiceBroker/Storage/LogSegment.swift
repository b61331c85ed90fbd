import Foundation

/// One segment of a partition's log on disk: `<base>.log` holds record batches back to back exactly as they
/// are served, `<base>.index` maps offsets to file positions and `<base>.timeindex` timestamps to offsets,
/// both sparse (one entry per ``BrokerConfiguration/indexIntervalBytes`` of log).
///
/// Offset index entries are 8 bytes: the offset relative to the segment's base (int32) and the byte position
/// (int32). Time index entries are 12 bytes: the largest timestamp so far (int64) and the relative offset of
/// the batch that carries it (int32). All big-endian.
final class LogSegment {
    let baseOffset: Int64
    let log: StorageFile
    private let offsetIndex: StorageFile
    private let timeIndex: StorageFile
    private var bytesSinceIndexEntry = 0
    private var largestIndexedTimestamp = Int64.min

    /// The file name of a segment's `kind` file ("log", "index" or "timeindex"): the base offset in 20 digits.
    static func fileName(baseOffset: Int64, kind: String) -> String {
        let digits = String(baseOffset)
        return String(repeating: "0", count: max(0, 20 - digits.count)) + digits + "." + kind
    }

    /// Opens (creating if needed) the three files of the segment starting at `baseOffset` in `directory`.
    ///
    /// - Throws: ``BrokerError`` with code `.storage`.
    init(directory: String, baseOffset: Int64) throws {
        self.baseOffset = baseOffset
        log = try StorageFile(path: directory + "/" + Self.fileName(baseOffset: baseOffset, kind: "log"))
        offsetIndex = try StorageFile(path: directory + "/" + Self.fileName(baseOffset: baseOffset, kind: "index"))
        timeIndex = try StorageFile(path: directory + "/" + Self.fileName(baseOffset: baseOffset, kind: "timeindex"))
    }

    /// The paths of the segment's files.
    var paths: [String] { [log.path, offsetIndex.path, timeIndex.path] }

    /// Appends a batch (its bytes already carry its base offset) and, every `indexInterval` bytes, index
    /// entries.
    ///
    /// - Throws: ``BrokerError`` with code `.storage`.
    func append(_ batch: StoredBatch, indexInterval: Int) throws {
        let position = try log.append(batch.bytes)
        try indexIfDue(batch, position: position, indexInterval: indexInterval)
    }

    private func indexIfDue(_ batch: StoredBatch, position: Int, indexInterval: Int) throws {
        let entries = Self.indexEntries(
            batch,
            position: position,
            due: position == 0 || bytesSinceIndexEntry >= indexInterval,
            base: baseOffset,
            largest: &largestIndexedTimestamp
        )
        bytesSinceIndexEntry = entries.offset.isEmpty ? bytesSinceIndexEntry + batch.bytes.count : batch.bytes.count
        if !entries.offset.isEmpty { try offsetIndex.append(entries.offset) }
        if !entries.time.isEmpty { try timeIndex.append(entries.time) }
    }

    private static func indexEntries(
        _ batch: StoredBatch,
        position: Int,
        due: Bool,
        base: Int64,
        largest: inout Int64
    ) -> (offset: [UInt8], time: [UInt8]) {
        guard due else { return ([], []) }
        let relative = Int32(truncatingIfNeeded: batch.baseOffset - base)
        var offset = ByteWriter(capacity: 8)
        offset.int32(relative)
        offset.int32(Int32(truncatingIfNeeded: position))
        var time = ByteWriter(capacity: 12)
        if batch.maxTimestamp > largest {
            largest = batch.maxTimestamp
            time.int64(batch.maxTimestamp)
            time.int32(relative)
        }
        return (offset.bytes, time.bytes)
    }

    /// Forces the three files to the disk.
    ///
    /// - Throws: ``BrokerError`` with code `.storage`.
    func sync() throws {
        try log.sync()
        try offsetIndex.sync()
        try timeIndex.sync()
    }

    /// Reads every valid batch, cutting the log at the first batch that is torn (shorter than its length),
    /// fails its CRC or breaks the offset order, and rebuilds the indexes when they are missing or do not match
    /// the log.
    ///
    /// - Parameter expectedOffset: the lowest base offset the first batch may have.
    /// - Returns: the batches and whether the log was cut.
    /// - Throws: ``BrokerError`` with code `.storage`.
    func recover(expectedOffset: Int64, indexInterval: Int) throws -> (batches: [StoredBatch], truncated: Bool) {
        let bytes = try log.readAll()
        var batches: [StoredBatch] = []
        var position = 0
        var next = max(expectedOffset, baseOffset)
        var offsetEntries: [UInt8] = []
        var timeEntries: [UInt8] = []
        largestIndexedTimestamp = Int64.min
        bytesSinceIndexEntry = 0
        while position < bytes.count {
            guard let batch = StoredBatch.validated(bytes, at: position), batch.baseOffset >= next else { break }
            let entries = Self.indexEntries(
                batch,
                position: position,
                due: position == 0 || bytesSinceIndexEntry >= indexInterval,
                base: baseOffset,
                largest: &largestIndexedTimestamp
            )
            bytesSinceIndexEntry = entries.offset.isEmpty ? bytesSinceIndexEntry + batch.bytes.count : batch.bytes.count
            offsetEntries += entries.offset
            timeEntries += entries.time
            batches.append(batch)
            position += batch.bytes.count
            next = batch.lastOffset + 1
        }
        let truncated = position < bytes.count
        if truncated { try log.truncate(to: position) }
        for (file, expected) in [(offsetIndex, offsetEntries), (timeIndex, timeEntries)]
        where try file.readAll() != expected {
            try file.truncate(to: 0)
            try file.append(expected)
        }
        return (batches, truncated)
    }

    /// Deletes the segment's files.
    func remove() {
        for path in paths {
            try? FileManager.default.removeItem(atPath: path)
        }
    }
}
