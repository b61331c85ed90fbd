import Foundation

/// The bytes of a file on disk, read sequentially from a range of it, with random access for archive parsing.
///
/// The file descriptor is opened in `init` and closed in `deinit`.
public final class FileByteSource: ByteSource {
    private let descriptor: Int32

    /// The path the source was opened from.
    public let path: String

    /// The size of the whole file in bytes.
    public let size: Int64

    private var position: Int64 = 0
    private var rangeStart: Int64 = 0
    private var end: Int64

    /// How much of the current range sequential reads have returned, from 0 to 1, for progress reports.
    public var fractionRead: Double {
        end > rangeStart ? Double(position - rangeStart) / Double(end - rangeStart) : 1
    }

    /// Opens a file for reading.
    ///
    /// - Parameter path: The file to read.
    /// - Throws: ``InputError`` when the file cannot be opened or is a directory.
    public init(path: String) throws {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw InputError.cannotOpen("cannot open '\(path)': \(String(cString: strerror(errno)))")
        }
        var status = stat()
        guard fstat(descriptor, &status) == 0, (status.st_mode & S_IFMT) != S_IFDIR else {
            close(descriptor)
            throw InputError.cannotOpen("cannot read '\(path)': not a regular file")
        }
        self.descriptor = descriptor
        self.path = path
        self.size = Int64(status.st_size)
        self.end = Int64(status.st_size)
    }

    deinit {
        close(descriptor)
    }

    /// Limits sequential reading to `length` bytes starting at `offset`.
    ///
    /// - Parameters:
    ///   - offset: The first byte sequential reads return.
    ///   - length: How many bytes sequential reads return in all.
    public func restrict(offset: Int64, length: Int64) {
        position = offset
        rangeStart = offset
        end = offset + length
    }

    /// Reads `count` bytes at `offset` without moving the sequential position.
    ///
    /// - Returns: The bytes read; fewer than `count` only at the end of the file.
    /// - Throws: ``InputError`` when the read fails.
    public func bytes(at offset: Int64, count: Int) throws -> [UInt8] {
        var result = [UInt8](repeating: 0, count: count)
        var filled = 0
        while filled < count {
            let got = result.withUnsafeMutableBytes { buffer in
                pread(descriptor, buffer.baseAddress! + filled, count - filled, off_t(offset) + off_t(filled))
            }
            if got < 0 {
                if errno == EINTR { continue }
                throw InputError.readFailed("cannot read '\(path)': \(String(cString: strerror(errno)))")
            }
            if got == 0 { break }
            filled += got
        }
        result.removeSubrange(filled...)
        return result
    }

    /// Reads the next bytes of the current range.
    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let wanted = Int(min(Int64(buffer.count), end - position))
        guard wanted > 0 else { return 0 }
        while true {
            let got = pread(descriptor, buffer.baseAddress!, wanted, off_t(position))
            if got < 0 {
                if errno == EINTR { continue }
                throw InputError.readFailed("cannot read '\(path)': \(String(cString: strerror(errno)))")
            }
            if got == 0 {
                throw InputError.corruptData("'\(path)' ended \(end - position) bytes early")
            }
            position += Int64(got)
            return got
        }
    }
}
