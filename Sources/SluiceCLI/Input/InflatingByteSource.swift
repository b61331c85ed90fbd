import CZlib

/// The decompressed bytes of a deflate stream read from another source, through zlib's `inflate`.
///
/// With the gzip window bits (`15 + 32`) zlib detects a gzip or zlib header itself, and concatenated gzip
/// members are read one after another as `gzip -d` does. With raw window bits (`-15`) it reads the headerless
/// deflate data of a zip entry. The `z_stream` lives at a fixed address, allocated in `init` and released in
/// `deinit`, because zlib keeps a pointer back to it.
public final class InflatingByteSource: ByteSource {
    /// The window bits for gzip or zlib data with automatic header detection.
    public static let gzipWindowBits: Int32 = 15 + 32

    /// The window bits for raw deflate data, as stored in zip entries.
    public static let rawWindowBits: Int32 = -15

    private let upstream: ByteSource
    private let stream: UnsafeMutablePointer<z_stream>
    private let input: UnsafeMutableRawBufferPointer
    private let windowBits: Int32
    private let name: String
    private var upstreamFinished = false
    private var streamFinished = false

    /// Starts decompressing `upstream`.
    ///
    /// - Parameters:
    ///   - upstream: The compressed bytes.
    ///   - windowBits: ``gzipWindowBits`` or ``rawWindowBits``.
    ///   - name: The file name used in error messages.
    /// - Throws: ``InputError`` when zlib cannot be initialised.
    public init(upstream: ByteSource, windowBits: Int32, name: String) throws {
        self.upstream = upstream
        self.windowBits = windowBits
        self.name = name
        self.input = .allocate(byteCount: 256 * 1024, alignment: 16)
        self.stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        let status = inflateInit2_(stream, windowBits, zlibVersion(), Int32(MemoryLayout<z_stream>.size))
        guard status == Z_OK else {
            stream.deinitialize(count: 1)
            stream.deallocate()
            input.deallocate()
            throw InputError.readFailed("cannot start decompressing '\(name)': zlib status \(status)")
        }
    }

    deinit {
        inflateEnd(stream)
        stream.deinitialize(count: 1)
        stream.deallocate()
        input.deallocate()
    }

    /// Reads the next decompressed bytes.
    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard !streamFinished else { return 0 }
        stream.pointee.next_out = buffer.baseAddress!.assumingMemoryBound(to: Bytef.self)
        stream.pointee.avail_out = uInt(min(buffer.count, Int(UInt32.max)))

        while stream.pointee.avail_out == uInt(min(buffer.count, Int(UInt32.max))) {
            if stream.pointee.avail_in == 0 && !upstreamFinished {
                let count = try upstream.read(into: input)
                if count == 0 {
                    upstreamFinished = true
                } else {
                    stream.pointee.next_in = input.baseAddress!.assumingMemoryBound(to: Bytef.self)
                    stream.pointee.avail_in = uInt(count)
                }
            }

            let status = inflate(stream, Z_NO_FLUSH)
            switch status {
            case Z_OK:
                continue
            case Z_BUF_ERROR:
                // No progress was possible: either more input is needed or the input has ended too soon.
                if upstreamFinished && stream.pointee.avail_in == 0 {
                    throw InputError.corruptData("'\(name)' is truncated: the compressed data ends early")
                }
            case Z_STREAM_END:
                if try !startNextGzipMember() {
                    streamFinished = true
                    return buffer.count - Int(stream.pointee.avail_out)
                }
            default:
                let detail = stream.pointee.msg.map { String(cString: $0) } ?? "zlib status \(status)"
                throw InputError.corruptData("cannot decompress '\(name)': \(detail)")
            }
        }
        return buffer.count - Int(stream.pointee.avail_out)
    }

    /// After one gzip member ends, resets the stream when another member follows.
    private func startNextGzipMember() throws -> Bool {
        guard windowBits == Self.gzipWindowBits else { return false }
        if stream.pointee.avail_in == 0 && !upstreamFinished {
            let count = try upstream.read(into: input)
            if count == 0 {
                upstreamFinished = true
            } else {
                stream.pointee.next_in = input.baseAddress!.assumingMemoryBound(to: Bytef.self)
                stream.pointee.avail_in = uInt(count)
            }
        }
        guard stream.pointee.avail_in > 0 else { return false }
        guard inflateReset(stream) == Z_OK else {
            throw InputError.corruptData("cannot decompress '\(name)': bad data after the first gzip member")
        }
        return true
    }
}
