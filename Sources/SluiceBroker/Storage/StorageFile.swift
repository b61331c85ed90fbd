#if canImport(Glibc)
    import Glibc
#endif

/// An open file of the data directory, appended to with `write(2)` and read whole; closed on deinit.
final class StorageFile {
    let path: String
    private let descriptor: Int32
    /// The file's size, which is where the next append lands.
    private(set) var size: Int

    /// Opens (creating if needed) `path` for reading and appending.
    ///
    /// - Throws: ``BrokerError`` with code `.storage`.
    init(path: String) throws {
        self.path = path
        descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw BrokerError(.storage, "cannot open \(path): errno \(errno)") }
        let end = lseek(descriptor, 0, SEEK_END)
        guard end >= 0 else {
            close(descriptor)
            throw BrokerError(.storage, "cannot seek \(path): errno \(errno)")
        }
        size = Int(end)
    }

    deinit {
        close(descriptor)
    }

    /// Writes `bytes` at the end and returns the position they start at.
    ///
    /// - Throws: ``BrokerError`` with code `.storage`; the file is then cut back to its old size.
    @discardableResult
    func append(_ bytes: [UInt8]) throws -> Int {
        let start = size
        var written = 0
        while written < bytes.count {
            let result = bytes.withUnsafeBytes { raw in
                pwrite(descriptor, raw.baseAddress! + written, bytes.count - written, off_t(start + written))
            }
            if result < 0, errno == EINTR { continue }
            guard result > 0 else {
                let code = errno
                _ = ftruncate(descriptor, off_t(start))
                throw BrokerError(.storage, "cannot write \(path): errno \(code)")
            }
            written += result
        }
        size += bytes.count
        return start
    }

    /// Forces the file's data to the disk.
    ///
    /// - Throws: ``BrokerError`` with code `.storage`.
    func sync() throws {
        guard fdatasync(descriptor) == 0 else { throw BrokerError(.storage, "cannot sync \(path): errno \(errno)") }
    }

    /// Cuts the file to `length` bytes.
    ///
    /// - Throws: ``BrokerError`` with code `.storage`.
    func truncate(to length: Int) throws {
        guard ftruncate(descriptor, off_t(length)) == 0 else {
            throw BrokerError(.storage, "cannot truncate \(path): errno \(errno)")
        }
        size = length
    }

    /// The whole content.
    ///
    /// - Throws: ``BrokerError`` with code `.storage`.
    func readAll() throws -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: size)
        var filled = 0
        while filled < size {
            let result = bytes.withUnsafeMutableBytes { raw in
                pread(descriptor, raw.baseAddress! + filled, size - filled, off_t(filled))
            }
            if result < 0, errno == EINTR { continue }
            guard result > 0 else { throw BrokerError(.storage, "cannot read \(path): errno \(errno)") }
            filled += result
        }
        return bytes
    }
}
