import Foundation

/// The files of one partition: its segments and a `log-start-offset` file, in a directory of its own
/// (`<data directory>/logs/<topic>-<partition>`).
///
/// Appends go to the last segment, rolled at ``BrokerConfiguration/segmentBytes``. The broker's lock guards
/// every call.
final class PartitionStore {
    let directory: String
    private let segmentBytes: Int
    private let indexInterval: Int
    private let fsync: FsyncPolicy
    private var segments: [LogSegment] = []

    /// What was found on disk when the store was opened.
    struct Recovered {
        var batches: [StoredBatch]
        var logStartOffset: Int64
        /// The offset after the last batch, or the log start when every batch was deleted.
        var nextOffset: Int64
        /// Whether a torn or corrupt tail was cut off.
        var truncated: Bool
    }

    private init(directory: String, configuration: BrokerConfiguration) {
        self.directory = directory
        segmentBytes = max(1024, configuration.segmentBytes)
        indexInterval = max(1, configuration.indexIntervalBytes)
        fsync = configuration.fsync
    }

    /// Opens the partition's directory, creating it if needed, and recovers its batches: segments are read in
    /// order, a torn tail is cut, indexes are rebuilt when missing or wrong, and a compaction interrupted
    /// between its two renames is finished.
    ///
    /// - Throws: ``BrokerError`` with code `.storage`.
    static func open(directory: String, configuration: BrokerConfiguration) throws -> (PartitionStore, Recovered) {
        let files = FileManager.default
        if !files.fileExists(atPath: directory), files.fileExists(atPath: directory + ".compacted") {
            try move(directory + ".compacted", to: directory)
        }
        try? files.removeItem(atPath: directory + ".compacted")
        try? files.removeItem(atPath: directory + ".replaced")
        do {
            try files.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw BrokerError(.storage, "cannot create \(directory): \(error)")
        }

        let store = PartitionStore(directory: directory, configuration: configuration)
        let logStart = store.readLogStartOffset()
        let bases = ((try? files.contentsOfDirectory(atPath: directory)) ?? [])
            .filter { $0.hasSuffix(".log") }
            .compactMap { Int64($0.dropLast(4)) }
            .sorted()
        var recovered = Recovered(batches: [], logStartOffset: logStart, nextOffset: logStart, truncated: false)
        var expected = Int64.min
        for base in bases {
            let segment = try LogSegment(directory: directory, baseOffset: base)
            guard !recovered.truncated else {
                segment.remove()
                continue
            }
            let scan = try segment.recover(expectedOffset: expected, indexInterval: store.indexInterval)
            recovered.batches += scan.batches
            recovered.truncated = scan.truncated
            if let last = scan.batches.last {
                expected = last.lastOffset + 1
                recovered.nextOffset = max(logStart, expected)
            }
            store.segments.append(segment)
        }
        recovered.batches.removeAll { $0.lastOffset < logStart }
        return (store, recovered)
    }

    /// Appends a batch, rolling to a new segment when the active one is full; with ``FsyncPolicy/always``
    /// the data is synced before this returns.
    ///
    /// - Throws: ``BrokerError`` with code `.storage`.
    func append(_ batch: StoredBatch) throws {
        if segments.last.map({ $0.log.size >= segmentBytes }) ?? true {
            try segments.last?.sync()
            segments.append(try LogSegment(directory: directory, baseOffset: batch.baseOffset))
        }
        let segment = segments[segments.count - 1]
        try segment.append(batch, indexInterval: indexInterval)
        if fsync.syncsEveryWrite { try segment.log.sync() }
    }

    /// Records a new log start offset and deletes the segments wholly below it (the segment holding
    /// `nextOffset - 1` stays, so an empty log keeps its end).
    ///
    /// - Throws: ``BrokerError`` with code `.storage`.
    func moveLogStart(to offset: Int64, nextOffset: Int64) throws {
        try writeAtomically(Array("\(offset)\n".utf8), to: directory + "/log-start-offset")
        while segments.count > 1, segments[1].baseOffset <= offset {
            segments.removeFirst().remove()
        }
        if let only = segments.first, segments.count == 1, offset >= nextOffset, only.log.size > 0 {
            segments.removeFirst().remove()
        }
    }

    /// Replaces every segment with one holding `batches` (after compaction): the new files are written and
    /// synced in a sibling directory, which then takes the old one's place.
    ///
    /// - Throws: ``BrokerError`` with code `.storage`.
    func replace(with batches: [StoredBatch], logStartOffset: Int64) throws {
        let files = FileManager.default
        let staging = directory + ".compacted"
        try? files.removeItem(atPath: staging)
        do {
            try files.createDirectory(atPath: staging, withIntermediateDirectories: true)
        } catch {
            throw BrokerError(.storage, "cannot create \(staging): \(error)")
        }
        var written: [LogSegment] = []
        for batch in batches {
            if written.last.map({ $0.log.size >= segmentBytes }) ?? true {
                try written.last?.sync()
                written.append(try LogSegment(directory: staging, baseOffset: batch.baseOffset))
            }
            try written[written.count - 1].append(batch, indexInterval: indexInterval)
        }
        try written.last?.sync()
        try writeAtomically(Array("\(logStartOffset)\n".utf8), to: staging + "/log-start-offset")
        written = []
        segments = []

        try Self.move(directory, to: directory + ".replaced")
        try Self.move(staging, to: directory)
        try? files.removeItem(atPath: directory + ".replaced")
        let bases = ((try? files.contentsOfDirectory(atPath: directory)) ?? [])
            .filter { $0.hasSuffix(".log") }
            .compactMap { Int64($0.dropLast(4)) }
            .sorted()
        segments = try bases.map { try LogSegment(directory: directory, baseOffset: $0) }
        // Re-reading the active segment restores its index bookkeeping for the appends that follow.
        _ = try segments.last?.recover(expectedOffset: Int64.min, indexInterval: indexInterval)
    }

    /// Syncs the active segment.
    func sync() {
        try? segments.last?.sync()
    }

    /// Deletes the partition's directory.
    func removeAll() {
        segments = []
        try? FileManager.default.removeItem(atPath: directory)
    }

    private func readLogStartOffset() -> Int64 {
        guard let data = FileManager.default.contents(atPath: directory + "/log-start-offset"),
            let value = Int64(String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
        else { return 0 }
        return max(0, value)
    }

    private func writeAtomically(_ bytes: [UInt8], to path: String) throws {
        let temporary = path + ".tmp"
        try? FileManager.default.removeItem(atPath: temporary)
        let file = try StorageFile(path: temporary)
        try file.append(bytes)
        try file.sync()
        guard rename(temporary, path) == 0 else { throw BrokerError(.storage, "cannot rename \(temporary)") }
    }

    private static func move(_ source: String, to destination: String) throws {
        guard rename(source, destination) == 0 else {
            throw BrokerError(.storage, "cannot rename \(source) to \(destination): errno \(errno)")
        }
    }
}
