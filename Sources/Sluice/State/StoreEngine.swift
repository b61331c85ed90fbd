/// Which engine keeps a task's state.
public enum StoreEngine: String, Sendable, CaseIterable {
    /// A sorted map in memory: fastest, but every start restores the whole changelog. A thread keeps the stores of
    /// partitions it gives up, so a rebalance that hands them back restores only what changed.
    case inMemory = "memory"
    /// RocksDB files under the state directory: a restart restores only the changelog past the local checkpoint.
    case rocksDB = "rocksdb"
}
