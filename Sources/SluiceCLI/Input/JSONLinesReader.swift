import Foundation

/// Reads one JSON object per line from a byte stream. Lines end with LF or CRLF; blank lines are skipped.
///
/// Each line is parsed with `JSONSerialization` to check it and to find fields by name, so this reader is
/// several times slower per byte than ``CSVReader``.
public final class JSONLinesReader {
    private let source: ByteSource
    private var buffer: UnsafeMutableRawBufferPointer
    private var start = 0
    private var end = 0
    private var sourceFinished = false
    private var nextLine = 1

    /// Starts reading.
    ///
    /// - Parameter source: The decompressed bytes.
    public init(source: ByteSource) {
        self.source = source
        self.buffer = .allocate(byteCount: 1 << 20, alignment: 16)
    }

    deinit {
        buffer.deallocate()
    }

    /// Reads the next non-blank line.
    ///
    /// - Returns: The line, or nil at the end of the input.
    /// - Throws: ``InputError`` naming the line when it is not a JSON object.
    public func next() throws -> JSONLine? {
        while true {
            guard let (lineNumber, bytes) = try nextLineBytes() else { return nil }
            if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) {
                continue
            }
            let parsed: Any
            do {
                parsed = try JSONSerialization.jsonObject(with: Data(bytes))
            } catch {
                throw InputError.malformedRow("not valid JSON: \(Self.excerpt(bytes))", line: lineNumber)
            }
            guard let object = parsed as? [String: Any] else {
                throw InputError.malformedRow("not a JSON object: \(Self.excerpt(bytes))", line: lineNumber)
            }
            return JSONLine(lineNumber: lineNumber, bytes: bytes, object: object)
        }
    }

    private static func excerpt(_ bytes: [UInt8]) -> String {
        let text = String(decoding: bytes.prefix(60), as: UTF8.self)
        return bytes.count > 60 ? text + "…" : text
    }

    private func nextLineBytes() throws -> (Int, [UInt8])? {
        while true {
            let bytes = UnsafeRawBufferPointer(buffer).bindMemory(to: UInt8.self)
            if let newline = bytes[start..<end].firstIndex(of: UInt8(ascii: "\n")) {
                var lineEnd = newline
                if lineEnd > start, bytes[lineEnd - 1] == UInt8(ascii: "\r") {
                    lineEnd -= 1
                }
                let line = Array(bytes[start..<lineEnd])
                start = newline + 1
                nextLine += 1
                return (nextLine - 1, line)
            }
            if sourceFinished {
                guard start < end else { return nil }
                var lineEnd = end
                if bytes[lineEnd - 1] == UInt8(ascii: "\r") {
                    lineEnd -= 1
                }
                let line = Array(bytes[start..<lineEnd])
                start = end
                nextLine += 1
                return (nextLine - 1, line)
            }
            try refill()
        }
    }

    private func refill() throws {
        if start > 0 {
            if end > start {
                buffer.baseAddress!.copyMemory(from: buffer.baseAddress! + start, byteCount: end - start)
            }
            end -= start
            start = 0
        }
        if end == buffer.count {
            let larger = UnsafeMutableRawBufferPointer.allocate(byteCount: buffer.count * 2, alignment: 16)
            larger.baseAddress!.copyMemory(from: buffer.baseAddress!, byteCount: end)
            buffer.deallocate()
            buffer = larger
        }
        let count = try source.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[end...]))
        if count == 0 {
            sourceFinished = true
        }
        end += count
    }
}
