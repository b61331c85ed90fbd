extension FlightSerde {
    /// A forward-only reader of one JSON document, strict about the grammar (RFC 8259).
    ///
    /// Strings are located first and decoded only when asked: a string without escapes whose bytes are all ASCII,
    /// the usual case, becomes a `String` or a number straight from the input bytes.
    struct Reader {
        /// A string's content, without its quotes, as it appears in the input.
        struct StringToken {
            /// Where the content lies in the input.
            var range: Range<Int>
            /// Whether the content has a backslash escape.
            var hasEscapes: Bool
            /// Whether the content has a byte of 0x80 or more.
            var hasNonASCII: Bool

            /// Whether the input bytes are the string's UTF-8 as they stand, and all ASCII.
            var isPlain: Bool { !hasEscapes && !hasNonASCII }
        }

        /// A number, checked against the JSON grammar.
        struct NumberToken {
            /// Where it lies in the input.
            var range: Range<Int>
            /// Whether it has neither a fraction nor an exponent.
            var isInteger: Bool
        }

        /// How deep arrays and objects may nest inside a skipped value.
        static let maximumDepth = 512

        let bytes: UnsafeBufferPointer<UInt8>

        /// The position of the next byte to read.
        private(set) var offset = 0

        init(_ bytes: UnsafeBufferPointer<UInt8>) {
            self.bytes = bytes
        }

        /// Whether every byte has been read.
        var isAtEnd: Bool { offset >= bytes.count }

        /// The next byte, or 0 at the end (0 never starts a JSON token, so it fails every test a caller makes).
        var current: UInt8 { offset < bytes.count ? bytes[offset] : 0 }

        /// Steps over a UTF-8 byte order mark at the start, which RFC 8259 lets a reader ignore.
        mutating func skipByteOrderMark() {
            if offset == 0, bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF {
                offset = 3
            }
        }

        /// Steps over spaces, tabs, line feeds and carriage returns.
        mutating func skipWhitespace() {
            while offset < bytes.count {
                switch bytes[offset] {
                case 0x20, 0x0A, 0x0D, 0x09: offset += 1
                default: return
                }
            }
        }

        /// Steps over `byte` if it is next.
        /// - Returns: Whether it was.
        mutating func consume(_ byte: UInt8) -> Bool {
            guard offset < bytes.count, bytes[offset] == byte else { return false }
            offset += 1
            return true
        }

        /// A syntax failure at the current position.
        func syntaxError(_ problem: String) -> Failure {
            .syntax(problem, offset: offset, field: nil)
        }

        // MARK: - Tokens

        /// Reads a string whose opening quote is next; its escapes are checked only when it is decoded.
        mutating func readString() throws(Failure) -> StringToken {
            guard consume(UInt8(ascii: "\"")) else { throw syntaxError("expected a string") }
            let start = offset
            var hasEscapes = false
            var hasNonASCII = false
            skipPlainWords()
            while offset < bytes.count {
                let byte = bytes[offset]
                if byte == UInt8(ascii: "\"") {
                    let token = StringToken(range: start..<offset, hasEscapes: hasEscapes, hasNonASCII: hasNonASCII)
                    offset += 1
                    return token
                }
                if byte == UInt8(ascii: "\\") {
                    hasEscapes = true
                    offset += 2
                } else if byte < 0x20 {
                    throw syntaxError("unescaped control character in a string")
                } else {
                    hasNonASCII = hasNonASCII || byte >= 0x80
                    offset += 1
                }
            }
            offset = bytes.count
            throw syntaxError("unterminated string")
        }

        /// Steps over the bytes of a string, eight at a time, up to the first word that holds a quote, a
        /// backslash, a control character or a byte of 0x80 or more.
        private mutating func skipPlainWords() {
            let ones: UInt64 = 0x0101_0101_0101_0101
            let high = ones &* 0x80
            // A word has a zero byte exactly when subtracting 1 from every byte borrows into a byte whose high bit
            // was clear; comparing with a byte is looking for a zero after an exclusive or.
            func hasZeroByte(_ word: UInt64) -> Bool {
                (word &- ones) & ~word & high != 0
            }
            let raw = UnsafeRawPointer(bytes.baseAddress)
            while offset + 8 <= bytes.count, let raw {
                let word = raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
                if word & high != 0 || hasZeroByte(word ^ (ones &* 0x22)) || hasZeroByte(word ^ (ones &* 0x5C))
                    || (word &- ones &* 0x20) & ~word & high != 0
                {
                    return
                }
                offset += 8
            }
        }

        /// Reads a number, which must follow the JSON grammar: no leading `+`, no leading zeros, digits on both
        /// sides of a decimal point.
        mutating func readNumber() throws(Failure) -> NumberToken {
            let start = offset
            _ = consume(UInt8(ascii: "-"))
            if !consume(UInt8(ascii: "0")) {
                guard skipDigits() else { throw syntaxError("expected a digit") }
            }
            var isInteger = true
            if consume(UInt8(ascii: ".")) {
                isInteger = false
                guard skipDigits() else { throw syntaxError("expected a digit after the decimal point") }
            }
            if current | 0x20 == UInt8(ascii: "e") {
                isInteger = false
                offset += 1
                if !consume(UInt8(ascii: "+")) { _ = consume(UInt8(ascii: "-")) }
                guard skipDigits() else { throw syntaxError("expected a digit in the exponent") }
            }
            return NumberToken(range: start..<offset, isInteger: isInteger)
        }

        /// Steps over one or more digits.
        /// - Returns: Whether there was at least one.
        private mutating func skipDigits() -> Bool {
            let start = offset
            while offset < bytes.count, bytes[offset] &- UInt8(ascii: "0") < 10 {
                offset += 1
            }
            return offset > start
        }

        /// Reads `null`, `true` or `false`, whichever `literal` is.
        mutating func readLiteral(_ literal: StaticString) throws(Failure) {
            let count = literal.utf8CodeUnitCount
            guard offset + count <= bytes.count,
                UnsafeBufferPointer(rebasing: bytes[offset..<(offset + count)])
                    .elementsEqual(UnsafeBufferPointer(start: literal.utf8Start, count: count))
            else { throw syntaxError("expected a value") }
            offset += count
        }

        /// Reads any value and drops it, checking it as thoroughly as a value that is kept.
        mutating func skipValue(depth: Int = 0) throws(Failure) {
            guard depth < Self.maximumDepth else { throw syntaxError("arrays and objects nested too deeply") }
            switch current {
            case UInt8(ascii: "\""):
                let token = try readString()
                if !token.isPlain { _ = try decodedText(token) }
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                _ = try readNumber()
            case UInt8(ascii: "n"):
                try readLiteral("null")
            case UInt8(ascii: "t"):
                try readLiteral("true")
            case UInt8(ascii: "f"):
                try readLiteral("false")
            case UInt8(ascii: "["):
                offset += 1
                skipWhitespace()
                if consume(UInt8(ascii: "]")) { return }
                while true {
                    try skipValue(depth: depth + 1)
                    skipWhitespace()
                    if consume(UInt8(ascii: ",")) {
                        skipWhitespace()
                        continue
                    }
                    guard consume(UInt8(ascii: "]")) else { throw syntaxError("expected ',' or ']'") }
                    return
                }
            case UInt8(ascii: "{"):
                offset += 1
                skipWhitespace()
                if consume(UInt8(ascii: "}")) { return }
                while true {
                    let key = try readString()
                    if !key.isPlain { _ = try decodedText(key) }
                    skipWhitespace()
                    guard consume(UInt8(ascii: ":")) else { throw syntaxError("expected ':'") }
                    skipWhitespace()
                    try skipValue(depth: depth + 1)
                    skipWhitespace()
                    if consume(UInt8(ascii: ",")) {
                        skipWhitespace()
                        continue
                    }
                    guard consume(UInt8(ascii: "}")) else { throw syntaxError("expected ',' or '}'") }
                    return
                }
            default:
                throw syntaxError("expected a value")
            }
        }

        // MARK: - Decoding strings

        /// The input bytes of a token.
        func slice(_ range: Range<Int>) -> UnsafeBufferPointer<UInt8> {
            UnsafeBufferPointer(rebasing: bytes[range])
        }

        /// A string's text: its escapes decoded and its UTF-8 checked.
        func decodedText(_ token: StringToken) throws(Failure) -> String {
            if token.isPlain {
                return String(decoding: slice(token.range), as: UTF8.self)
            }
            if !token.hasEscapes {
                guard let text = String(validating: slice(token.range), as: UTF8.self) else {
                    throw Failure.syntax("invalid UTF-8 in a string", offset: token.range.lowerBound, field: nil)
                }
                return text
            }
            let unescaped = try self.unescaped(token)
            guard let text = String(validating: unescaped, as: UTF8.self) else {
                throw Failure.syntax("invalid UTF-8 in a string", offset: token.range.lowerBound, field: nil)
            }
            return text
        }

        /// A string's UTF-8 with its escapes decoded; `\u` escapes of UTF-16 surrogates must come in pairs.
        func unescaped(_ token: StringToken) throws(Failure) -> [UInt8] {
            var output: [UInt8] = []
            output.reserveCapacity(token.range.count)
            var index = token.range.lowerBound
            let end = token.range.upperBound
            while index < end {
                let byte = bytes[index]
                guard byte == UInt8(ascii: "\\") else {
                    output.append(byte)
                    index += 1
                    continue
                }
                let escape = bytes[index + 1]
                switch escape {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): output.append(escape)
                case UInt8(ascii: "b"): output.append(0x08)
                case UInt8(ascii: "f"): output.append(0x0C)
                case UInt8(ascii: "n"): output.append(0x0A)
                case UInt8(ascii: "r"): output.append(0x0D)
                case UInt8(ascii: "t"): output.append(0x09)
                case UInt8(ascii: "u"):
                    var unit = try hexUnit(at: index + 2, end: end)
                    index += 6
                    if (0xDC00...0xDFFF).contains(unit) {
                        throw Failure.syntax("unpaired low surrogate", offset: index - 6, field: nil)
                    }
                    if (0xD800...0xDBFF).contains(unit) {
                        guard index + 1 < end, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u")
                        else { throw Failure.syntax("unpaired high surrogate", offset: index - 6, field: nil) }
                        let low = try hexUnit(at: index + 2, end: end)
                        guard (0xDC00...0xDFFF).contains(low) else {
                            throw Failure.syntax("unpaired high surrogate", offset: index - 6, field: nil)
                        }
                        unit = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
                        index += 6
                    }
                    // Every value left is a Unicode scalar: surrogates were paired or rejected above.
                    output.append(contentsOf: UTF8.encode(Unicode.Scalar(unit)!)!)
                    continue
                default:
                    throw Failure.syntax("invalid escape '\\\(Unicode.Scalar(escape))'", offset: index, field: nil)
                }
                index += 2
            }
            return output
        }

        /// The four hexadecimal digits of a `\u` escape starting at `index`.
        private func hexUnit(at index: Int, end: Int) throws(Failure) -> UInt32 {
            guard index + 4 <= end else {
                throw Failure.syntax("expected four hexadecimal digits after \\u", offset: index, field: nil)
            }
            var unit: UInt32 = 0
            for position in index..<(index + 4) {
                let byte = bytes[position]
                let digit: UInt8
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
                case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
                case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
                default:
                    throw Failure.syntax("expected four hexadecimal digits after \\u", offset: index, field: nil)
                }
                unit = unit << 4 | UInt32(digit)
            }
            return unit
        }
    }
}
