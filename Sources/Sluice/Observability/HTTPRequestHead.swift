/// The parts of an HTTP request head the metrics server looks at: the method and the path.
struct HTTPRequestHead: Equatable {
    enum ParseResult: Equatable {
        /// The head is not complete yet.
        case incomplete
        /// The head is complete but not a valid HTTP/1.x request line.
        case malformed
        case complete(HTTPRequestHead)
    }

    var method: String
    /// The path without the query string.
    var path: String

    /// Looks for a complete head (ended by an empty line) in `bytes` and parses its request line.
    static func parse(_ bytes: [UInt8]) -> ParseResult {
        guard let end = headEnd(bytes) else { return .incomplete }

        let lineEnd = bytes[..<end].firstIndex(of: UInt8(ascii: "\n")) ?? end
        var line = bytes[..<lineEnd]
        if line.last == UInt8(ascii: "\r") {
            line = line.dropLast()
        }
        let parts = line.split(separator: UInt8(ascii: " "), omittingEmptySubsequences: false)
        guard parts.count == 3,
            !parts[0].isEmpty,
            parts[0].allSatisfy({ (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains($0) }),
            parts[1].first == UInt8(ascii: "/"),
            parts[1].allSatisfy({ $0 > 0x20 && $0 < 0x7F }),
            parts[2].elementsEqual("HTTP/1.1".utf8) || parts[2].elementsEqual("HTTP/1.0".utf8)
        else { return .malformed }

        let target = parts[1]
        let path = target[..<(target.firstIndex(of: UInt8(ascii: "?")) ?? target.endIndex)]
        return .complete(
            HTTPRequestHead(
                method: String(decoding: parts[0], as: UTF8.self),
                path: String(decoding: path, as: UTF8.self)
            )
        )
    }

    /// The index just past the blank line ending the head (`\r\n\r\n` or a bare `\n\n`), if present.
    private static func headEnd(_ bytes: [UInt8]) -> Int? {
        var index = 0
        while index + 1 < bytes.count {
            if bytes[index] == UInt8(ascii: "\n") {
                if bytes[index + 1] == UInt8(ascii: "\n") {
                    return index + 2
                }
                if bytes[index + 1] == UInt8(ascii: "\r"), index + 2 < bytes.count,
                    bytes[index + 2] == UInt8(ascii: "\n")
                {
                    return index + 3
                }
            }
            index += 1
        }
        return nil
    }
}
