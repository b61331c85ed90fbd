/// One entry of a zip archive's central directory.
public struct ZipEntry: Sendable, Hashable {
    /// The entry's path inside the archive.
    public var name: String

    /// The compression method: 0 for stored, 8 for deflate.
    public var method: UInt16

    /// The general-purpose flags; bit 0 marks an encrypted entry.
    public var flags: UInt16

    /// The CRC-32 of the uncompressed bytes.
    public var crc32: UInt32

    /// The size of the entry's data as stored in the archive.
    public var compressedSize: Int64

    /// The size of the entry once decompressed.
    public var uncompressedSize: Int64

    /// Where the entry's local file header starts in the archive.
    public var localHeaderOffset: Int64

    /// Whether the entry is a directory rather than a file.
    public var isDirectory: Bool { name.hasSuffix("/") }

    /// Whether the entry is encrypted.
    public var isEncrypted: Bool { flags & 1 != 0 }

    /// Creates an entry description.
    public init(
        name: String,
        method: UInt16,
        flags: UInt16,
        crc32: UInt32,
        compressedSize: Int64,
        uncompressedSize: Int64,
        localHeaderOffset: Int64
    ) {
        self.name = name
        self.method = method
        self.flags = flags
        self.crc32 = crc32
        self.compressedSize = compressedSize
        self.uncompressedSize = uncompressedSize
        self.localHeaderOffset = localHeaderOffset
    }
}
