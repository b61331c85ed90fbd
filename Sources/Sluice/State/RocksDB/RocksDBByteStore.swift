import CRocksDB
import Foundation

/// A ``ByteStore`` kept on disk by RocksDB, one database per directory.
///
/// Durability: every ``apply(_:)`` goes to RocksDB's write-ahead log before it returns, but the log is not synced
/// to disk on each write. A process crash (even `SIGKILL`) loses nothing that `apply` returned from; a machine
/// crash or power loss may lose the last writes. A batch is all or nothing either way, and recovery keeps a
/// consistent prefix of the batches.
///
/// Options are modest: a 16 MiB write buffer, LZ4 compression, at most 256 open files, and RocksDB's own log
/// (`LOG` in the directory) at warning level with two files kept.
///
/// - Important: One store per directory. A second store on a directory in use, in this process or another, fails
///   to open with a ``StateStoreError`` saying so. As ``ByteStore`` requires, a store is used by one thread at a
///   time; a `scan` body may read and write the store but must not wipe or close it.
public final class RocksDBByteStore: ByteStore {
    /// The directory holding the database's files.
    public let directory: String

    private let options: OpaquePointer
    private let readOptions: OpaquePointer
    private let writeOptions: OpaquePointer
    private var batch: OpaquePointer
    private var database: OpaquePointer?

    /// A reused batch whose buffer grew beyond this is replaced, so one huge batch does not pin its memory.
    private static let retainedBatchBytes = 4 << 20

    /// Opens the database in `directory`, creating the directory, its parents and an empty database if missing.
    ///
    /// - Parameter directory: The state directory; no other store may be using it.
    /// - Throws: ``StateStoreError`` if the directory cannot be created, is in use by another store, or RocksDB
    ///   cannot open the database in it.
    public init(directory: String) throws {
        self.directory = directory

        options = rocksdb_options_create()
        rocksdb_options_set_create_if_missing(options, 1)
        rocksdb_options_set_write_buffer_size(options, 16 << 20)
        rocksdb_options_set_compression(options, Int32(rocksdb_lz4_compression))
        rocksdb_options_set_max_open_files(options, 256)
        // RocksDB's InfoLogLevel: 2 is WARN.
        rocksdb_options_set_info_log_level(options, 2)
        rocksdb_options_set_keep_log_file_num(options, 2)
        // WALRecoveryMode 2 is point-in-time recovery: replay the log up to the first torn or corrupt record, so a
        // machine crash leaves a consistent prefix of whole batches. It is RocksDB's default; stated for the reader.
        rocksdb_options_set_wal_recovery_mode(options, 2)

        readOptions = rocksdb_readoptions_create()
        writeOptions = rocksdb_writeoptions_create()
        rocksdb_writeoptions_set_sync(writeOptions, 0)
        batch = rocksdb_writebatch_create()

        // Every stored property is set by now, so if `open` throws, `deinit` runs and frees the handles.
        database = try open()
    }

    deinit {
        close()
        destroyHandles()
    }

    /// The value stored under a key, or `nil`.
    ///
    /// - Throws: ``StateStoreError`` if RocksDB fails to read, or the store is closed.
    public func get(_ key: [UInt8]) throws -> [UInt8]? {
        let database = try openDatabase(for: "get")
        let slice = try key.withCCharBuffer { key in
            try check("get") { error in
                rocksdb_get_pinned(database, readOptions, key.baseAddress, key.count, error)
            }
        }
        guard let slice else {
            return nil
        }
        defer { rocksdb_pinnableslice_destroy(slice) }

        var length = 0
        let value = rocksdb_pinnableslice_value(slice, &length)
        return Self.bytes(value, length)
    }

    /// Applies puts (a non-nil value) and deletes (`nil`) in order as one RocksDB write batch, all or nothing.
    ///
    /// - Throws: ``StateStoreError`` if RocksDB fails to write, or the store is closed; then nothing was applied.
    public func apply(_ writes: [ByteStoreWrite]) throws {
        let database = try openDatabase(for: "apply")
        guard !writes.isEmpty else {
            return
        }

        rocksdb_writebatch_clear(batch)
        for write in writes {
            write.key.withCCharBuffer { key in
                if let value = write.value {
                    value.withCCharBuffer { value in
                        rocksdb_writebatch_put(batch, key.baseAddress, key.count, value.baseAddress, value.count)
                    }
                } else {
                    rocksdb_writebatch_delete(batch, key.baseAddress, key.count)
                }
            }
        }
        defer { releaseLargeBatch() }

        try check("apply a batch of \(writes.count) writes") { error in
            rocksdb_write(database, writeOptions, batch, error)
        }
    }

    /// Calls `body` with every entry whose key lies in `[from, to)`, in ascending unsigned byte order of keys, until
    /// `body` returns `false`. A `nil` bound is open.
    ///
    /// The scan sees the store as it was when the scan began; writes made by `body` do not show in it.
    ///
    /// - Throws: ``StateStoreError`` if RocksDB fails to read, or the store is closed; or what `body` throws.
    public func scan(from: [UInt8]?, to: [UInt8]?, _ body: (_ key: [UInt8], _ value: [UInt8]) throws -> Bool) throws {
        let database = try openDatabase(for: "scan")
        guard let to else {
            return try scan(database, from: from, upperBound: nil, body)
        }
        guard !to.isEmpty else {
            // No key lies below the empty key.
            return
        }
        try to.withCCharBuffer { upperBound in
            try scan(database, from: from, upperBound: upperBound, body)
        }
    }

    /// An estimate of the number of entries, from RocksDB's `rocksdb.estimate-num-keys`.
    ///
    /// Overwrites and deletes not yet compacted away make it inexact; it is 0 when the store is closed.
    public var entryCount: Int {
        Int(clamping: property("rocksdb.estimate-num-keys"))
    }

    /// An estimate of the bytes the entries take: RocksDB's `rocksdb.estimate-live-data-size` (the data on disk,
    /// compressed) plus `rocksdb.cur-size-all-mem-tables` (the write buffers in memory); 0 when the store is closed.
    public var sizeInBytes: Int {
        let total = property("rocksdb.estimate-live-data-size") &+ property("rocksdb.cur-size-all-mem-tables")
        return Int(clamping: total)
    }

    /// Closes the database, removes the directory with all its files, and opens a new, empty database there.
    ///
    /// - Throws: ``StateStoreError`` if the files cannot be removed or the new database cannot be opened; the
    ///   store is then closed.
    public func wipe() throws {
        _ = try openDatabase(for: "wipe")
        close()

        try check("wipe (destroy the database)") { error in
            rocksdb_destroy_db(options, directory, error)
        }
        do {
            if FileManager.default.fileExists(atPath: directory) {
                try FileManager.default.removeItem(atPath: directory)
            }
        } catch {
            throw StateStoreError("RocksDB state store in \(directory): wipe cannot remove the directory: \(error)")
        }
        database = try open()
    }

    /// Closes the database, flushing nothing more than the write-ahead log already holds; later calls throw.
    /// Closing twice is harmless.
    public func close() {
        if let database {
            rocksdb_close(database)
            self.database = nil
        }
    }

    // MARK: - Opening and errors

    private func open() throws -> OpaquePointer {
        try createDirectory()

        var error: UnsafeMutablePointer<CChar>?
        let database = rocksdb_open(options, directory, &error)
        if let error {
            let reason = String(cString: error)
            rocksdb_free(error)
            if reason.contains("lock hold by current process") || reason.contains("While lock file") {
                throw StateStoreError(
                    "the state directory \(directory) is in use by another instance (another store in this process "
                        + "or another process holds its lock); use a separate state directory per instance "
                        + "(RocksDB: \(reason))"
                )
            }
            throw StateStoreError("RocksDB state store in \(directory): open failed: \(reason)")
        }
        guard let database else {
            throw StateStoreError("RocksDB state store in \(directory): open failed without a reason")
        }
        return database
    }

    private func openDatabase(for operation: String) throws -> OpaquePointer {
        guard let database else {
            throw StateStoreError("RocksDB state store in \(directory): \(operation) after the store was closed")
        }
        return database
    }

    /// Runs a RocksDB call that reports failure through an error string, and throws that string.
    private func check<Result>(
        _ operation: String,
        _ call: (UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> Result
    ) throws -> Result {
        var error: UnsafeMutablePointer<CChar>?
        let result = call(&error)
        if let error {
            let reason = String(cString: error)
            rocksdb_free(error)
            throw StateStoreError("RocksDB state store in \(directory): \(operation) failed: \(reason)")
        }
        return result
    }

    /// Creates the directory and its missing parents, naming the path that failed and why: Foundation's errors on
    /// Linux say neither.
    private func createDirectory() throws {
        var path = directory.hasPrefix("/") ? "/" : ""
        for component in directory.split(separator: "/") {
            path += component
            if mkdir(path, 0o755) != 0 {
                let code = errno
                var status = stat()
                guard code == EEXIST, stat(path, &status) == 0 else {
                    throw StateStoreError(
                        "cannot create the state directory \(directory): \(path): \(String(cString: strerror(code)))"
                    )
                }
                guard status.st_mode & S_IFMT == S_IFDIR else {
                    throw StateStoreError(
                        "cannot create the state directory \(directory): \(path) exists and is not a directory"
                    )
                }
            }
            path += "/"
        }
    }

    // MARK: - Internals

    private func scan(
        _ database: OpaquePointer,
        from: [UInt8]?,
        upperBound: UnsafeBufferPointer<CChar>?,
        _ body: (_ key: [UInt8], _ value: [UInt8]) throws -> Bool
    ) throws {
        // Read options of its own: RocksDB keeps a pointer to the bound inside them, and a nested scan must not
        // move the bound of this one.
        let scanOptions = rocksdb_readoptions_create()
        defer { rocksdb_readoptions_destroy(scanOptions) }
        if let upperBound {
            rocksdb_readoptions_set_iterate_upper_bound(scanOptions, upperBound.baseAddress, upperBound.count)
        }
        let iterator = rocksdb_create_iterator(database, scanOptions)
        defer { rocksdb_iter_destroy(iterator) }

        if let from {
            from.withCCharBuffer { from in
                rocksdb_iter_seek(iterator, from.baseAddress, from.count)
            }
        } else {
            rocksdb_iter_seek_to_first(iterator)
        }

        while rocksdb_iter_valid(iterator) != 0 {
            var keyLength = 0
            let key = Self.bytes(rocksdb_iter_key(iterator, &keyLength), keyLength)
            var valueLength = 0
            let value = Self.bytes(rocksdb_iter_value(iterator, &valueLength), valueLength)
            guard try body(key, value) else {
                return
            }
            rocksdb_iter_next(iterator)
        }

        try check("scan") { error in
            rocksdb_iter_get_error(iterator, error)
        }
    }

    private func property(_ name: String) -> UInt64 {
        guard let database else {
            return 0
        }
        var value: UInt64 = 0
        return rocksdb_property_int(database, name, &value) == 0 ? value : 0
    }

    private func releaseLargeBatch() {
        var size = 0
        _ = rocksdb_writebatch_data(batch, &size)
        if size > Self.retainedBatchBytes {
            rocksdb_writebatch_destroy(batch)
            batch = rocksdb_writebatch_create()
        } else {
            rocksdb_writebatch_clear(batch)
        }
    }

    private func destroyHandles() {
        rocksdb_writebatch_destroy(batch)
        rocksdb_writeoptions_destroy(writeOptions)
        rocksdb_readoptions_destroy(readOptions)
        rocksdb_options_destroy(options)
    }

    private static func bytes(_ pointer: UnsafePointer<CChar>?, _ length: Int) -> [UInt8] {
        guard let pointer, length > 0 else {
            return []
        }
        return [UInt8](UnsafeRawBufferPointer(start: pointer, count: length))
    }
}

extension Array where Element == UInt8 {
    /// Calls `body` with the bytes seen as C characters, as the RocksDB C API takes them.
    fileprivate func withCCharBuffer<Result>(
        _ body: (UnsafeBufferPointer<CChar>) throws -> Result
    ) rethrows -> Result {
        try withUnsafeBufferPointer { bytes in
            try bytes.withMemoryRebound(to: CChar.self, body)
        }
    }
}
