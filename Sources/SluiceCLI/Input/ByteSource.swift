/// A stream of bytes read in chunks: a file, or the decompressed content of one.
///
/// Sources are single-use and not thread-safe; one reader owns one source.
public protocol ByteSource: AnyObject {
    /// Fills the start of `buffer` with the next bytes of the stream.
    ///
    /// - Parameter buffer: Where to put the bytes; never empty.
    /// - Returns: The number of bytes written, 0 only at the end of the stream.
    /// - Throws: ``InputError`` when reading or decompressing fails.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int
}
