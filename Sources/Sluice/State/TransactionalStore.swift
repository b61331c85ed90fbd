/// One task's instance of a state store: an engine holding committed state, and the writes of the open
/// transaction waiting beside it.
///
/// A write goes to the pending buffer, and reads see it there at once. At commit time ``flush(_:)`` sends each
/// pending key's latest value (a `nil` value as a tombstone) to the store's changelog partition inside the
/// transaction; once the transaction has committed, ``applyPending()`` moves the buffer into the engine. On abort
/// the buffer is dropped. The engine therefore only ever holds committed state, so a crash cannot leave it ahead
/// of Kafka, and restoring from any changelog offset at or below what it holds ends in the same state.
package final class TransactionalStore {
    /// The store's declaration.
    package let definition: StoreDefinition
    /// The store's changelog topic.
    package let changelogTopic: String
    /// The changelog partition, equal to the task's partition.
    let partition: Int32
    /// Holds the committed state.
    package let engine: ByteStore
    /// The changelog offset up to which the engine holds committed state (the next offset to restore from), or
    /// `nil` when unknown.
    package var checkpoint: Int64?
    /// Writes of the open transaction: the latest value per key, `nil` for a delete.
    private var pending: [[UInt8]: [UInt8]?] = [:]
    /// The pending keys in order, so a range scan visits only the pending writes inside its range.
    private var pendingKeys = SortedKeyList()

    init(definition: StoreDefinition, changelogTopic: String, partition: Int32, engine: ByteStore) {
        self.definition = definition
        self.changelogTopic = changelogTopic
        self.partition = partition
        self.engine = engine
    }

    /// The value under a key, as the open transaction sees it.
    func get(_ key: [UInt8]) throws -> [UInt8]? {
        if let write = pending[key] { return write }
        return try engine.get(key)
    }

    /// Puts a value, or deletes the key when `value` is `nil`, in the open transaction.
    func put(_ key: [UInt8], _ value: [UInt8]?) {
        if pending.updateValue(value, forKey: key) == nil {
            pendingKeys.insert(key)
        }
    }

    /// The entries with keys in `[from, to)` as the open transaction sees them, in ascending key order.
    func scan(from: [UInt8]?, to: [UInt8]?) throws -> [(key: [UInt8], value: [UInt8])] {
        var merged: [[UInt8]: [UInt8]] = [:]
        try engine.scan(from: from, to: to) { key, value in
            merged[key] = value
            return true
        }
        forEachPendingKey(from: from, to: to) { key in merged[key] = pending[key] ?? nil }
        return merged.sorted { $0.key.lexicographicallyPrecedes($1.key) }.map { ($0.key, $0.value) }
    }

    /// The smallest key at or above `from` as the open transaction sees it, or `nil`.
    func firstKey(from: [UInt8]?) throws -> [UInt8]? {
        var found: [UInt8]?
        try engine.scan(from: from, to: nil) { key, _ in
            if let write = pending[key], write == nil { return true }
            found = key
            return false
        }
        forEachPendingKey(from: from, to: found) { key in
            if pending[key] != .some(nil), found.map({ key.lexicographicallyPrecedes($0) }) ?? true { found = key }
        }
        return found
    }

    /// Whether the open transaction wrote anything.
    var hasPendingWrites: Bool { !pending.isEmpty }

    /// Sends the open transaction's writes to the changelog, one record per key.
    func flush(_ send: (_ topic: String, _ partition: Int32, _ key: [UInt8], _ value: [UInt8]?) throws -> Void)
        throws
    {
        for (key, value) in pending {
            try send(changelogTopic, partition, key, value)
        }
    }

    /// Moves the committed transaction's writes into the engine.
    func applyPending() throws {
        guard !pending.isEmpty else { return }
        try engine.apply(pending.map { ByteStoreWrite(key: $0.key, value: $0.value) })
        pending.removeAll(keepingCapacity: true)
        pendingKeys.removeAll()
    }

    /// Forgets the aborted transaction's writes.
    func dropPending() {
        pending.removeAll(keepingCapacity: true)
        pendingKeys.removeAll()
    }

    /// Calls `body` with each pending key in `[from, to)`, in ascending order.
    private func forEachPendingKey(from: [UInt8]?, to: [UInt8]?, _ body: ([UInt8]) -> Void) {
        var position = pendingKeys.first(notBelow: from)
        while let current = position {
            let key = pendingKeys[current]
            if let to, !key.lexicographicallyPrecedes(to) { return }
            body(key)
            position = pendingKeys.position(after: current)
        }
    }
}
