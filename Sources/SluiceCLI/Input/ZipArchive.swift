/// A zip archive read through its central directory, so entries written with data descriptors (sizes after the
/// data) are read correctly.
///
/// Zip64 archives (over 4 GiB, or written from a stream as `zip - < file` does) are read through their zip64
/// records.
///
/// - Important: Encrypted entries, multi-disk archives and methods other than stored (0) and deflate (8) are
///   refused with ``InputError``. An archive with several files is read through its first file entry;
///   directories are skipped.
public struct ZipArchive {
    /// The entries of the central directory, in archive order.
    public let entries: [ZipEntry]

    private let file: FileByteSource

    /// Reads the central directory of an archive.
    ///
    /// - Parameter file: The archive.
    /// - Throws: ``InputError`` when the archive is damaged or uses an unsupported feature.
    public init(file: FileByteSource) throws {
        self.file = file
        let path = file.path

        // The end-of-central-directory record is the last 22 bytes, unless a comment of up to 65,535 bytes follows.
        let tailLength = Int(min(file.size, 22 + 65_535))
        let tail = try file.bytes(at: file.size - Int64(tailLength), count: tailLength)
        guard tail.count >= 22, let end = Self.lastIndex(ofSignature: 0x0605_4b50, in: tail) else {
            throw InputError.corruptData("'\(path)' is not a zip archive: no end of central directory")
        }
        guard Self.uint16(tail, end + 4) == 0, Self.uint16(tail, end + 6) == 0 else {
            throw InputError.unsupportedArchive("'\(path)' spans several disks, which is not supported")
        }
        var entryCount = Int64(Self.uint16(tail, end + 10))
        var directorySize = Int64(Self.uint32(tail, end + 12))
        var directoryOffset = Int64(Self.uint32(tail, end + 16))

        // A zip64 archive (large, or written from a stream) has a locator just before the record above, pointing
        // at a zip64 end-of-central-directory record with 64-bit counts and offsets.
        if end >= 20, Self.uint32(tail, end - 20) == 0x0706_4b50 {
            let recordOffset = Int64(truncatingIfNeeded: Self.uint64(tail, end - 20 + 8))
            guard recordOffset >= 0, recordOffset < file.size else {
                throw InputError.corruptData("'\(path)' is damaged: bad zip64 locator")
            }
            let record = try file.bytes(at: recordOffset, count: 56)
            guard record.count == 56, Self.uint32(record, 0) == 0x0606_4b50 else {
                throw InputError.corruptData("'\(path)' is damaged: bad zip64 end of central directory")
            }
            entryCount = Int64(truncatingIfNeeded: Self.uint64(record, 32))
            directorySize = Int64(truncatingIfNeeded: Self.uint64(record, 40))
            directoryOffset = Int64(truncatingIfNeeded: Self.uint64(record, 48))
        } else if entryCount == 0xFFFF || directorySize == 0xFFFF_FFFF || directoryOffset == 0xFFFF_FFFF {
            throw InputError.corruptData("'\(path)' is damaged: zip64 values without a zip64 record")
        }
        guard directoryOffset >= 0, directorySize >= 0, directoryOffset <= file.size,
            directorySize <= file.size - directoryOffset, directorySize <= Int64(Int32.max)
        else {
            throw InputError.corruptData("'\(path)' is damaged: its central directory lies past the end")
        }

        let directory = try file.bytes(at: directoryOffset, count: Int(directorySize))
        var entries: [ZipEntry] = []
        var index = 0
        for _ in 0..<entryCount {
            guard index + 46 <= directory.count, Self.uint32(directory, index) == 0x0201_4b50 else {
                throw InputError.corruptData("'\(path)' is damaged: bad central directory entry")
            }
            let nameLength = Int(Self.uint16(directory, index + 28))
            let extraLength = Int(Self.uint16(directory, index + 30))
            let commentLength = Int(Self.uint16(directory, index + 32))
            guard index + 46 + nameLength + extraLength <= directory.count else {
                throw InputError.corruptData("'\(path)' is damaged: bad central directory entry")
            }
            var entry = ZipEntry(
                name: String(decoding: directory[(index + 46)..<(index + 46 + nameLength)], as: UTF8.self),
                method: Self.uint16(directory, index + 10),
                flags: Self.uint16(directory, index + 8),
                crc32: Self.uint32(directory, index + 16),
                compressedSize: Int64(Self.uint32(directory, index + 20)),
                uncompressedSize: Int64(Self.uint32(directory, index + 24)),
                localHeaderOffset: Int64(Self.uint32(directory, index + 42))
            )
            if entry.compressedSize == 0xFFFF_FFFF || entry.uncompressedSize == 0xFFFF_FFFF
                || entry.localHeaderOffset == 0xFFFF_FFFF
            {
                let extra = Array(directory[(index + 46 + nameLength)..<(index + 46 + nameLength + extraLength)])
                try Self.applyZip64Extra(extra, to: &entry, path: path)
            }
            entries.append(entry)
            index += 46 + nameLength + extraLength + commentLength
        }
        self.entries = entries
    }

    /// Opens the first file entry (skipping directories) for reading.
    ///
    /// - Returns: The entry and its decompressed bytes, checked against the recorded CRC-32 and size at the end.
    /// - Throws: ``InputError`` when there is no file entry, or it is encrypted or uses an unsupported method.
    public func openFirstFile() throws -> (entry: ZipEntry, source: ByteSource) {
        let path = file.path
        guard let entry = entries.first(where: { !$0.isDirectory }) else {
            throw InputError.corruptData("'\(path)' holds no file")
        }
        guard !entry.isEncrypted else {
            throw InputError.unsupportedArchive("'\(entry.name)' in '\(path)' is encrypted, which is not supported")
        }
        guard entry.method == 0 || entry.method == 8 else {
            throw InputError.unsupportedArchive(
                "'\(entry.name)' in '\(path)' uses compression method \(entry.method); only stored and deflate work"
            )
        }

        guard entry.localHeaderOffset >= 0, entry.localHeaderOffset < file.size, entry.compressedSize >= 0 else {
            throw InputError.corruptData("'\(path)' is damaged: bad offsets for '\(entry.name)'")
        }
        let header = try file.bytes(at: entry.localHeaderOffset, count: 30)
        guard header.count == 30, Self.uint32(header, 0) == 0x0403_4b50 else {
            throw InputError.corruptData("'\(path)' is damaged: bad local header for '\(entry.name)'")
        }
        let dataOffset =
            entry.localHeaderOffset + 30 + Int64(Self.uint16(header, 26)) + Int64(Self.uint16(header, 28))
        guard entry.compressedSize <= file.size - dataOffset else {
            throw InputError.corruptData("'\(path)' is damaged: '\(entry.name)' runs past the end")
        }
        file.restrict(offset: dataOffset, length: entry.compressedSize)

        let stored: ByteSource =
            entry.method == 0
            ? file
            : try InflatingByteSource(upstream: file, windowBits: InflatingByteSource.rawWindowBits, name: path)
        let checked = CRC32CheckingByteSource(
            upstream: stored,
            expectedCRC32: entry.crc32,
            expectedSize: entry.uncompressedSize,
            name: "\(path):\(entry.name)"
        )
        return (entry, checked)
    }

    /// Replaces an entry's 32-bit placeholders (0xFFFFFFFF) with the 64-bit values of its zip64 extra field,
    /// which holds, in this order, only those that overflowed: uncompressed size, compressed size, offset.
    private static func applyZip64Extra(_ extra: [UInt8], to entry: inout ZipEntry, path: String) throws {
        var index = 0
        while index + 4 <= extra.count {
            let id = uint16(extra, index)
            let size = Int(uint16(extra, index + 2))
            let end = index + 4 + size
            guard end <= extra.count else { break }
            if id == 0x0001 {
                var cursor = index + 4
                func next() throws -> Int64 {
                    guard cursor + 8 <= end else {
                        throw InputError.corruptData("'\(path)' is damaged: short zip64 field for '\(entry.name)'")
                    }
                    defer { cursor += 8 }
                    return Int64(truncatingIfNeeded: uint64(extra, cursor))
                }
                if entry.uncompressedSize == 0xFFFF_FFFF {
                    entry.uncompressedSize = try next()
                }
                if entry.compressedSize == 0xFFFF_FFFF {
                    entry.compressedSize = try next()
                }
                if entry.localHeaderOffset == 0xFFFF_FFFF {
                    entry.localHeaderOffset = try next()
                }
                return
            }
            index = end
        }
        throw InputError.corruptData("'\(path)' is damaged: '\(entry.name)' lacks its zip64 field")
    }

    private static func lastIndex(ofSignature signature: UInt32, in bytes: [UInt8]) -> Int? {
        var index = bytes.count - 22
        while index >= 0 {
            if uint32(bytes, index) == signature {
                return index
            }
            index -= 1
        }
        return nil
    }

    private static func uint16(_ bytes: [UInt8], _ index: Int) -> UInt16 {
        UInt16(bytes[index]) | UInt16(bytes[index + 1]) << 8
    }

    private static func uint64(_ bytes: [UInt8], _ index: Int) -> UInt64 {
        UInt64(uint32(bytes, index)) | UInt64(uint32(bytes, index + 4)) << 32
    }

    private static func uint32(_ bytes: [UInt8], _ index: Int) -> UInt32 {
        UInt32(bytes[index]) | UInt32(bytes[index + 1]) << 8 | UInt32(bytes[index + 2]) << 16
            | UInt32(bytes[index + 3]) << 24
    }
}
