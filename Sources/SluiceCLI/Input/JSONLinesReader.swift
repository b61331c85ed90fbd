import Foundation

/// Reads one JSON object per line from a byte stream. Lines end with LF or CRLF; blank lines are skipped.
///
/// Each line is parsed with `JSONSerialization` to check it and to find fields by name, so this reader is
/// several times slower per byte than ``CSVReader``.
public final class JSONLinesReader {
    private let window: ByteWindow
    private var nextLine = 1

    /// Starts reading.
    ///
    /// - Parameter source: The decompressed bytes.
    public init(source: ByteSource) {
        window = ByteWindow(source: source)
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
            let bytes = window.bytes
            let (start, end) = (window.start, window.end)
            let newline = bytes[start..<end].firstIndex(of: UInt8(ascii: "\n"))
            if newline != nil || (window.sourceFinished && start < end) {
                let next = newline.map { $0 + 1 } ?? end
                var lineEnd = newline ?? end
                if lineEnd > start, bytes[lineEnd - 1] == UInt8(ascii: "\r") {
                    lineEnd -= 1
                }
                window.start = next
                nextLine += 1
                return (nextLine - 1, Array(bytes[start..<lineEnd]))
            }
            if window.sourceFinished { return nil }
            try window.refill()
        }
    }
}
