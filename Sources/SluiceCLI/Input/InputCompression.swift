/// How an input file is compressed, as told by its first bytes (not its name).
public enum InputCompression: String, Sendable, Hashable, CaseIterable {
    /// Plain bytes.
    case none

    /// A gzip stream (`.gz`), possibly of several members.
    case gzip

    /// A zip archive (`.zip`), read through its first file entry.
    case zip

    /// Recognises the compression from the magic number at the start of a file.
    ///
    /// - Parameter prefix: The first bytes of the file (four are enough).
    public init(magic prefix: [UInt8]) {
        if prefix.count >= 2, prefix[0] == 0x1F, prefix[1] == 0x8B {
            self = .gzip
        } else if prefix.count >= 4, prefix[0] == 0x50, prefix[1] == 0x4B, prefix[2] == 0x03, prefix[3] == 0x04 {
            self = .zip
        } else if prefix.count >= 4, prefix[0] == 0x50, prefix[1] == 0x4B, prefix[2] == 0x05, prefix[3] == 0x06 {
            self = .zip
        } else {
            self = .none
        }
    }
}
