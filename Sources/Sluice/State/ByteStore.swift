/// The storage engine under every state store: ordered bytes in, bytes out.
///
/// The state layer above it (``TransactionalStore``) decides what is written and when; an engine only keeps what
/// it is given. Two engines ship: ``InMemoryByteStore`` and ``RocksDBByteStore``. An engine is used by one task,
/// on one thread at a time.
public protocol ByteStore: AnyObject {
    /// The value stored under a key, or `nil`.
    func get(_ key: [UInt8]) throws -> [UInt8]?

    /// Applies puts (a non-nil value) and deletes (`nil`) in order, all or nothing.
    func apply(_ writes: [ByteStoreWrite]) throws

    /// Calls `body` with every entry whose key lies in `[from, to)`, in ascending unsigned byte order of keys, until
    /// `body` returns `false`. A `nil` bound is open.
    func scan(from: [UInt8]?, to: [UInt8]?, _ body: (_ key: [UInt8], _ value: [UInt8]) throws -> Bool) throws

    /// The number of entries (an estimate for a persistent engine).
    var entryCount: Int { get }

    /// The bytes the entries take (an estimate for a persistent engine).
    var sizeInBytes: Int { get }

    /// Removes every entry, and a persistent engine's files.
    func wipe() throws

    /// Releases the engine; no call may follow.
    func close()
}

/// One write to a ``ByteStore``: a put, or a delete when `value` is `nil`.
public struct ByteStoreWrite: Sendable, Hashable {
    /// The key.
    public var key: [UInt8]
    /// The new value, or `nil` to delete the key.
    public var value: [UInt8]?

    /// Creates a write.
    public init(key: [UInt8], value: [UInt8]?) {
        self.key = key
        self.value = value
    }
}
