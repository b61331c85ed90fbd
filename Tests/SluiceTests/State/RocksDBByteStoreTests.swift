import Foundation
import Sluice
import Testing

@Suite("RocksDB byte store")
struct RocksDBByteStoreTests {
    @Test("data survives closing and reopening the directory")
    func survivesReopen() throws {
        let directory = TemporaryStateDirectory()
        defer { directory.remove() }

        let first = try RocksDBByteStore(directory: directory.path)
        try first.apply((0..<1000).map { ByteStoreWrite(key: [UInt8($0 >> 8), UInt8($0 & 0xff)], value: [1, 2]) })
        try first.apply([ByteStoreWrite(key: [0, 5], value: nil), ByteStoreWrite(key: [0, 6], value: [9])])
        first.close()
        first.close()

        let second = try RocksDBByteStore(directory: directory.path)
        defer { second.close() }
        #expect(try second.get([0, 5]) == nil)
        #expect(try second.get([0, 6]) == [9])
        #expect(try second.get([3, 0xe7]) == [1, 2])
        var count = 0
        try second.scan(from: nil, to: nil) { _, _ in
            count += 1
            return true
        }
        #expect(count == 999)
    }

    @Test("the directory and its missing parents are created")
    func createsParents() throws {
        let directory = TemporaryStateDirectory()
        defer { directory.remove() }

        let store = try RocksDBByteStore(directory: directory.path + "/task-0_1/counts")
        defer { store.close() }
        try store.apply([ByteStoreWrite(key: [1], value: [1])])
        #expect(FileManager.default.fileExists(atPath: directory.path + "/task-0_1/counts/CURRENT"))
    }

    @Test("a second store on a directory in use fails, saying the directory is in use")
    func directoryInUse() throws {
        let directory = TemporaryStateDirectory()
        defer { directory.remove() }

        let first = try RocksDBByteStore(directory: directory.path)
        defer { first.close() }
        let error = try #require(throws: StateStoreError.self) {
            _ = try RocksDBByteStore(directory: directory.path)
        }
        #expect(error.message.contains("state directory \(directory.path) is in use by another instance"))

        // The first store is unharmed, and the directory opens again once it is closed.
        try first.apply([ByteStoreWrite(key: [1], value: [1])])
        first.close()
        let again = try RocksDBByteStore(directory: directory.path)
        defer { again.close() }
        #expect(try again.get([1]) == [1])
    }

    @Test("a directory that cannot be created fails with an error naming it")
    func badDirectory() throws {
        let directory = TemporaryStateDirectory()
        defer { directory.remove() }
        try FileManager.default.createDirectory(atPath: directory.path, withIntermediateDirectories: true)
        let file = directory.path + "/plain-file"
        #expect(FileManager.default.createFile(atPath: file, contents: Data([1])))

        let error = try #require(throws: StateStoreError.self) {
            _ = try RocksDBByteStore(directory: file + "/store")
        }
        #expect(error.message.contains("cannot create the state directory \(file)/store"))
        #expect(error.message.contains("\(file) exists and is not a directory"))
    }

    @Test("calls after close throw instead of crashing; wipe removes the files")
    func closedAndWiped() throws {
        let directory = TemporaryStateDirectory()
        defer { directory.remove() }

        let store = try RocksDBByteStore(directory: directory.path)
        try store.apply((0..<100).map { ByteStoreWrite(key: [UInt8($0)], value: [UInt8](repeating: 1, count: 100)) })
        try store.wipe()
        #expect(try store.get([1]) == nil)
        store.close()

        let error = try #require(throws: StateStoreError.self) {
            _ = try store.get([1])
        }
        #expect(error.message.contains("get after the store was closed"))
        #expect(store.entryCount == 0)

        // Reopened, the wiped store is still empty.
        let reopened = try RocksDBByteStore(directory: directory.path)
        defer { reopened.close() }
        #expect(try reopened.get([1]) == nil)
    }
}
