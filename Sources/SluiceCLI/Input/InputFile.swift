/// An input file opened for streaming: its decompressed bytes, how it was compressed, and its record format.
public struct InputFile {
    /// The path the file was opened from.
    public let path: String

    /// The compression found from the file's first bytes.
    public let compression: InputCompression

    /// The record format guessed from the file name (the entry name inside a zip archive).
    public let format: InputFormat

    /// The decompressed bytes.
    public let source: ByteSource

    private let file: FileByteSource

    /// How much of the file (compressed, when it is) has been read so far, from 0 to 1, for progress reports.
    /// Decompression reads ahead by up to 256 KiB, so this runs slightly ahead of the records returned.
    public var fractionRead: Double { file.fractionRead }

    /// Opens a plain, gzip or zip file; the compression is detected from its content.
    ///
    /// - Parameter path: The file to open.
    /// - Throws: ``InputError`` when the file cannot be opened or its archive is unsupported or damaged.
    public init(path: String) throws {
        let file = try FileByteSource(path: path)
        self.file = file
        self.path = path
        self.compression = InputCompression(magic: try file.bytes(at: 0, count: 4))
        switch compression {
        case .none:
            self.format = InputFormat(path: path)
            self.source = file
        case .gzip:
            self.format = InputFormat(path: path)
            self.source = try InflatingByteSource(
                upstream: file,
                windowBits: InflatingByteSource.gzipWindowBits,
                name: path
            )
        case .zip:
            let (entry, source) = try ZipArchive(file: file).openFirstFile()
            self.format = InputFormat(path: entry.name)
            self.source = source
        }
    }
}
