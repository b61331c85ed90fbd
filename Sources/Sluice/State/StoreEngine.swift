/// Which engine keeps a task's state.
public enum StoreEngine: String, Sendable, CaseIterable {
    /// A sorted map in memory: fastest, but every assignment of a task (each start, and each rebalance that moves
    /// it, since eager rebalances revoke everything) restores its whole changelog.
    case inMemory = "memory"
    /// RocksDB files under the state directory: a restart restores only the changelog past the local checkpoint.
    case rocksDB = "rocksdb"
}
