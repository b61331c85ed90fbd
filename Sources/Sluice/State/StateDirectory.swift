import Foundation

/// Where an application keeps its local state: `<root>/<application id>/<task id>/<store>/` for RocksDB files,
/// and beside each store a checkpoint file `<store>.checkpoint` holding the changelog offset up to which the
/// store holds committed state.
///
/// A checkpoint is written only after the transaction whose writes it covers has committed and those writes are
/// in the store, so it is never ahead of Kafka. The store may be ahead of its checkpoint (a crash between the two
/// writes); restoring from the checkpoint then re-applies changelog records the store already holds, which ends
/// in the same state, because a changelog record carries a key's whole value.
package final class StateDirectory: Sendable {
    /// The application's folder.
    let path: String
    /// The engine new stores use.
    let engine: StoreEngine

    package init(root: String, applicationID: String, engine: StoreEngine) {
        self.path = (root as NSString).appendingPathComponent(applicationID)
        self.engine = engine
    }

    /// Opens (or creates) a store's engine for a task. A RocksDB store still locked by a thread that is giving
    /// its partition up is retried for up to `lockWait`.
    package func open(store: String, taskID: String, lockWait: Duration = .seconds(15)) throws -> ByteStore {
        switch engine {
        case .inMemory:
            return InMemoryByteStore()
        case .rocksDB:
            let directory = storePath(store: store, taskID: taskID)
            let deadline = ContinuousClock.now + lockWait
            while true {
                do {
                    return try RocksDBByteStore(directory: directory)
                } catch let error as StateStoreError where error.isLockHeld && ContinuousClock.now < deadline {
                    Thread.sleep(forTimeInterval: 0.1)
                }
            }
        }
    }

    /// The checkpoint of a persistent store, or `nil` when there is none or it cannot be read.
    func checkpoint(store: String, taskID: String) -> Int64? {
        guard engine == .rocksDB,
            let text = try? String(contentsOfFile: checkpointPath(store: store, taskID: taskID), encoding: .utf8)
        else { return nil }
        return Int64(text.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    /// Writes a persistent store's checkpoint atomically (a temporary file renamed over the old one).
    func writeCheckpoint(_ offset: Int64, store: String, taskID: String) throws {
        guard engine == .rocksDB else { return }
        let target = checkpointPath(store: store, taskID: taskID)
        let temporary = target + ".tmp"
        do {
            try FileManager.default.createDirectory(
                atPath: (target as NSString).deletingLastPathComponent,
                withIntermediateDirectories: true
            )
            try Data("\(offset)\n".utf8).write(to: URL(fileURLWithPath: temporary))
            guard rename(temporary, target) == 0 else {
                throw StateStoreError("cannot rename \(temporary) to \(target): errno \(errno)")
            }
        } catch let error as StateStoreError {
            throw error
        } catch {
            throw StateStoreError("cannot write the checkpoint \(target): \(error.localizedDescription)")
        }
    }

    /// Removes a store's checkpoint, so the next restore starts from the changelog's beginning.
    func removeCheckpoint(store: String, taskID: String) {
        try? FileManager.default.removeItem(atPath: checkpointPath(store: store, taskID: taskID))
    }

    /// Removes every store of the application (a reset before a replay).
    func wipe() throws {
        guard FileManager.default.fileExists(atPath: path) else { return }
        do {
            try FileManager.default.removeItem(atPath: path)
        } catch {
            throw StateStoreError("cannot remove the state directory \(path): \(error.localizedDescription)")
        }
    }

    private func storePath(store: String, taskID: String) -> String {
        "\(path)/\(taskID)/\(store)"
    }

    private func checkpointPath(store: String, taskID: String) -> String {
        "\(path)/\(taskID)/\(store).checkpoint"
    }
}

extension StateStoreError {
    /// Whether the store failed to open because another store holds its directory's lock.
    fileprivate var isLockHeld: Bool { message.contains("is in use by another instance") }
}
