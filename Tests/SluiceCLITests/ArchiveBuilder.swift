import CZlib

/// Builds gzip and zip archives in memory with zlib, so the tests need no `gzip` or `zip` command.
enum ArchiveBuilder {
    /// A zip entry to write.
    struct Entry {
        var name: String
        var content: [UInt8]
        var deflated = true
        var flags: UInt16 = 0
    }

    /// Compresses `bytes` with deflate: raw (`windowBits` -15) or gzip-wrapped (31).
    static func deflate(_ bytes: [UInt8], windowBits: Int32) -> [UInt8] {
        var stream = z_stream()
        let status = deflateInit2_(
            &stream,
            Z_DEFAULT_COMPRESSION,
            Z_DEFLATED,
            windowBits,
            8,
            Z_DEFAULT_STRATEGY,
            zlibVersion(),
            Int32(MemoryLayout<z_stream>.size)
        )
        precondition(status == Z_OK)
        defer { deflateEnd(&stream) }

        var input = bytes
        var output = [UInt8](repeating: 0, count: Int(deflateBound(&stream, uLong(bytes.count))) + 64)
        let written = input.withUnsafeMutableBufferPointer { source in
            output.withUnsafeMutableBufferPointer { target in
                stream.next_in = source.baseAddress
                stream.avail_in = uInt(source.count)
                stream.next_out = target.baseAddress
                stream.avail_out = uInt(target.count)
                let result = CZlib.deflate(&stream, Z_FINISH)
                precondition(result == Z_STREAM_END)
                return target.count - Int(stream.avail_out)
            }
        }
        return Array(output.prefix(written))
    }

    /// A gzip file of `bytes`.
    static func gzip(_ bytes: [UInt8]) -> [UInt8] {
        deflate(bytes, windowBits: 31)
    }

    /// A zip archive of `entries`, written as the `zip` tool does with data descriptors off.
    static func zip(_ entries: [Entry]) -> [UInt8] {
        var archive: [UInt8] = []
        var directory: [UInt8] = []
        for entry in entries {
            let data = entry.deflated ? deflate(entry.content, windowBits: -15) : entry.content
            let crc = entry.content.withUnsafeBufferPointer { buffer in
                UInt32(crc32(0, buffer.baseAddress, uInt(buffer.count)))
            }
            let name = Array(entry.name.utf8)
            let method: UInt16 = entry.deflated ? 8 : 0
            let offset = UInt32(archive.count)

            append32(0x0403_4b50, to: &archive)
            append16(20, to: &archive)
            append16(entry.flags, to: &archive)
            append16(method, to: &archive)
            append32(0, to: &archive)
            append32(crc, to: &archive)
            append32(UInt32(data.count), to: &archive)
            append32(UInt32(entry.content.count), to: &archive)
            append16(UInt16(name.count), to: &archive)
            append16(0, to: &archive)
            archive += name
            archive += data

            append32(0x0201_4b50, to: &directory)
            append16(20, to: &directory)
            append16(20, to: &directory)
            append16(entry.flags, to: &directory)
            append16(method, to: &directory)
            append32(0, to: &directory)
            append32(crc, to: &directory)
            append32(UInt32(data.count), to: &directory)
            append32(UInt32(entry.content.count), to: &directory)
            append16(UInt16(name.count), to: &directory)
            append16(0, to: &directory)
            append16(0, to: &directory)
            append16(0, to: &directory)
            append16(0, to: &directory)
            append32(0, to: &directory)
            append32(offset, to: &directory)
            directory += name
        }
        let directoryOffset = UInt32(archive.count)
        archive += directory
        append32(0x0605_4b50, to: &archive)
        append16(0, to: &archive)
        append16(0, to: &archive)
        append16(UInt16(entries.count), to: &archive)
        append16(UInt16(entries.count), to: &archive)
        append32(UInt32(directory.count), to: &archive)
        append32(directoryOffset, to: &archive)
        append16(0, to: &archive)
        return archive
    }

    private static func append16(_ value: UInt16, to bytes: inout [UInt8]) {
        bytes.append(UInt8(value & 0xFF))
        bytes.append(UInt8(value >> 8))
    }

    private static func append32(_ value: UInt32, to bytes: inout [UInt8]) {
        for shift in stride(from: 0, to: 32, by: 8) {
            bytes.append(UInt8((value >> UInt32(shift)) & 0xFF))
        }
    }
}
