import CZlib

/// Passes another source's bytes through and, at their end, checks their CRC-32 and length against the values
/// an archive recorded for them.
public final class CRC32CheckingByteSource: ByteSource {
    private let upstream: ByteSource
    private let expectedCRC32: UInt32
    private let expectedSize: Int64
    private let name: String
    private var crc: uLong = crc32(0, nil, 0)
    private var size: Int64 = 0

    /// Wraps `upstream`.
    ///
    /// - Parameters:
    ///   - upstream: The bytes to check.
    ///   - expectedCRC32: The CRC-32 the bytes must have.
    ///   - expectedSize: The number of bytes there must be.
    ///   - name: The entry name used in error messages.
    public init(upstream: ByteSource, expectedCRC32: UInt32, expectedSize: Int64, name: String) {
        self.upstream = upstream
        self.expectedCRC32 = expectedCRC32
        self.expectedSize = expectedSize
        self.name = name
    }

    /// Reads the next bytes, and checks the totals when the upstream ends.
    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let count = try upstream.read(into: buffer)
        if count > 0 {
            crc = crc32(crc, buffer.baseAddress!.assumingMemoryBound(to: Bytef.self), uInt(count))
            size += Int64(count)
            return count
        }
        guard size == expectedSize else {
            throw InputError.corruptData("'\(name)' holds \(size) bytes, but the archive says \(expectedSize)")
        }
        guard UInt32(truncatingIfNeeded: crc) == expectedCRC32 else {
            throw InputError.corruptData("'\(name)' fails its CRC-32 check")
        }
        return 0
    }
}
