/// A ``ByteStore`` that keeps its entries in memory only: they are gone when the process ends.
///
/// Values live in a dictionary, so a get or an update of an existing key costs one hash lookup; the keys are also
/// kept in ascending unsigned byte order for range scans, which only a new key or a delete has to touch.
/// ``entryCount`` and ``sizeInBytes`` are exact; the size counts key and value bytes, not the memory the
/// collections take around them.
public final class InMemoryByteStore: ByteStore {
    private var values: [[UInt8]: [UInt8]] = [:]
    private var keys = SortedKeyList()
    private var byteCount = 0

    /// Creates an empty store.
    public init() {}

    /// The value stored under a key, or `nil`.
    public func get(_ key: [UInt8]) throws -> [UInt8]? {
        values[key]
    }

    /// Applies puts (a non-nil value) and deletes (`nil`) in order; nothing can fail halfway.
    public func apply(_ writes: [ByteStoreWrite]) throws {
        for write in writes {
            if let value = write.value {
                put(write.key, value)
            } else {
                delete(write.key)
            }
        }
    }

    /// Calls `body` with every entry whose key lies in `[from, to)`, in ascending unsigned byte order of keys, until
    /// `body` returns `false`. A `nil` bound is open.
    ///
    /// `body` may write to the store: the walk then goes on from the first key above the last one it handed out.
    public func scan(from: [UInt8]?, to: [UInt8]?, _ body: (_ key: [UInt8], _ value: [UInt8]) throws -> Bool) throws {
        var position = keys.first(notBelow: from)
        while let current = position {
            let key = keys[current]
            if let to, SortedKeyList.compare(key, to) >= 0 {
                return
            }
            guard let value = values[key] else {
                preconditionFailure("InMemoryByteStore: a key in the order has no value")
            }

            let version = keys.version
            guard try body(key, value) else {
                return
            }
            position = keys.version == version ? keys.position(after: current) : keys.first(above: key)
        }
    }

    /// The number of entries.
    public var entryCount: Int {
        values.count
    }

    /// The bytes of all keys and values.
    public var sizeInBytes: Int {
        byteCount
    }

    /// Removes every entry.
    public func wipe() throws {
        removeAll()
    }

    /// Releases the entries' memory.
    public func close() {
        removeAll()
    }

    // MARK: - Writes

    private func put(_ key: [UInt8], _ value: [UInt8]) {
        if let old = values.updateValue(value, forKey: key) {
            byteCount += value.count - old.count
        } else {
            keys.insert(key)
            byteCount += key.count + value.count
        }
    }

    private func delete(_ key: [UInt8]) {
        if let old = values.removeValue(forKey: key) {
            keys.remove(key)
            byteCount -= key.count + old.count
        }
    }

    private func removeAll() {
        values = [:]
        keys.removeAll()
        byteCount = 0
    }
}
