import Foundation

/// Builds one flat JSON object as UTF-8 bytes, by hand, for log lines: no Foundation encoders on the hot path.
struct JSONLineBuilder {
    private(set) var bytes: [UInt8] = []
    private var needsComma = false

    mutating func reserve(_ capacity: Int) {
        bytes.reserveCapacity(capacity)
    }

    mutating func open() {
        bytes.append(UInt8(ascii: "{"))
        needsComma = false
    }

    mutating func close() {
        bytes.append(UInt8(ascii: "}"))
        bytes.append(UInt8(ascii: "\n"))
    }

    mutating func field(_ key: String, string: String) {
        appendKey(key)
        appendQuoted(string)
    }

    mutating func field(_ key: String, timestamp: Date) {
        appendKey(key)
        bytes.append(UInt8(ascii: "\""))
        UTCTimestamp.append(timestamp, to: &bytes)
        bytes.append(UInt8(ascii: "\""))
    }

    mutating func field(_ key: String, value: Logger.MetadataValue) {
        appendKey(key)
        switch value {
        case .string(let text):
            appendQuoted(text)
        case .int(let number):
            appendInteger(number)
        case .double(let number):
            if number.isNaN {
                appendQuoted("NaN")
            } else if number.isInfinite {
                appendQuoted(number > 0 ? "+Inf" : "-Inf")
            } else {
                bytes.append(contentsOf: String(number).utf8)
            }
        case .bool(let flag):
            bytes.append(contentsOf: (flag ? "true" : "false").utf8)
        }
    }

    private mutating func appendKey(_ name: String) {
        if needsComma {
            bytes.append(UInt8(ascii: ","))
        }
        needsComma = true
        appendQuoted(name)
        bytes.append(UInt8(ascii: ":"))
    }

    /// Appends a JSON string literal: quotes, backslashes and control characters escaped, everything else as
    /// UTF-8. U+2028 and U+2029 are escaped too, so a line is also safe to paste into JavaScript.
    private mutating func appendQuoted(_ text: String) {
        bytes.append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { utf8 in
            // Copy runs of bytes that need no escaping in one go; escape the rest one by one.
            var runStart = 0
            var index = 0
            while index < utf8.count {
                let byte = utf8[index]
                let isLineSeparator =
                    byte == 0xE2 && index + 2 < utf8.count && utf8[index + 1] == 0x80
                    && (utf8[index + 2] == 0xA8 || utf8[index + 2] == 0xA9)
                guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || isLineSeparator
                else {
                    index += 1
                    continue
                }
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<index]))
                switch byte {
                case UInt8(ascii: "\""): appendEscape(UInt8(ascii: "\""))
                case UInt8(ascii: "\\"): appendEscape(UInt8(ascii: "\\"))
                case UInt8(ascii: "\n"): appendEscape(UInt8(ascii: "n"))
                case UInt8(ascii: "\r"): appendEscape(UInt8(ascii: "r"))
                case UInt8(ascii: "\t"): appendEscape(UInt8(ascii: "t"))
                case 0xE2:
                    appendUnicodeEscape(utf8[index + 2] == 0xA8 ? 0x2028 : 0x2029)
                    index += 2
                default: appendUnicodeEscape(UInt16(byte))
                }
                index += 1
                runStart = index
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<utf8.count]))
        }
        bytes.append(UInt8(ascii: "\""))
    }

    private mutating func appendInteger(_ number: Int64) {
        if number < 0 {
            bytes.append(UInt8(ascii: "-"))
        }
        // The magnitude of Int64.min does not fit in Int64, so work in UInt64.
        var rest = number.magnitude
        let start = bytes.count
        repeat {
            bytes.append(UInt8(ascii: "0") + UInt8(rest % 10))
            rest /= 10
        } while rest > 0
        bytes[start...].reverse()
    }

    private mutating func appendEscape(_ letter: UInt8) {
        bytes.append(UInt8(ascii: "\\"))
        bytes.append(letter)
    }

    private mutating func appendUnicodeEscape(_ unit: UInt16) {
        bytes.append(UInt8(ascii: "\\"))
        bytes.append(UInt8(ascii: "u"))
        for shift in stride(from: 12, through: 0, by: -4) {
            let digit = UInt8((unit >> UInt16(shift)) & 0xF)
            bytes.append(digit < 10 ? UInt8(ascii: "0") + digit : UInt8(ascii: "a") + digit - 10)
        }
    }
}
