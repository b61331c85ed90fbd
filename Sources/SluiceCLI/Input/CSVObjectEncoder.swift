import Foundation

/// Turns CSV rows into JSON objects of their cells as strings, keys in header order, values verbatim
/// (`NA` stays `"NA"`), written straight into bytes.
///
/// The quoted keys are escaped once, up front. A row needing no escaping (no quote, backslash or control
/// character, the common case) is assembled with `memcpy` into an array of its exact size.
///
/// - Important: Bytes are assumed to be UTF-8 and are not validated; invalid sequences pass through unchanged.
public struct CSVObjectEncoder: Sendable {
    /// The header the objects' keys come from.
    public let header: [String]

    /// Every key's prefix (`{"year":"`, then `","month":"`, …) one after another.
    private let keyBytes: [UInt8]

    /// Where each key's prefix starts in ``keyBytes``, plus its end.
    private let keyOffsets: [Int]

    /// Prepares the keys of `header`.
    ///
    /// - Parameter header: The field names, in order.
    public init(header: [String]) {
        self.header = header
        var bytes: [UInt8] = []
        var offsets: [Int] = [0]
        for (index, name) in header.enumerated() {
            bytes.append(contentsOf: index == 0 ? [UInt8(ascii: "{")] : [UInt8(ascii: "\""), UInt8(ascii: ",")])
            bytes.append(UInt8(ascii: "\""))
            var name = name
            name.withUTF8 { Self.appendEscaped(UnsafeRawBufferPointer($0), to: &bytes) }
            bytes.append(contentsOf: [UInt8(ascii: "\""), UInt8(ascii: ":"), UInt8(ascii: "\"")])
            offsets.append(bytes.count)
        }
        keyBytes = bytes
        keyOffsets = offsets
    }

    /// Encodes one row.
    ///
    /// - Parameter row: A row with as many fields as the header (``CSVReader`` ensures it).
    /// - Returns: The JSON object's UTF-8 bytes, e.g. `{"year":"2013","tailnum":"NA"}`.
    public func encode(_ row: CSVRow) -> [UInt8] {
        precondition(row.count == header.count, "the row has \(row.count) fields, the header \(header.count)")
        guard !header.isEmpty else { return Array("{}".utf8) }

        return row.fieldBytes.withUnsafeBytes { fields in
            keyBytes.withUnsafeBytes { keys in
                if Self.needsEscaping(fields) {
                    return encodeEscaping(row, fields: fields, keys: keys)
                }
                // Keys, cells without their separators, a closing quote per cell, and the closing brace.
                let total = keys.count + fields.count - (header.count - 1) + 2
                return [UInt8](unsafeUninitializedCapacity: total) { output, count in
                    let target = UnsafeMutableRawPointer(output.baseAddress!)
                    var written = 0
                    var start = 0
                    for index in 0..<header.count {
                        let keyStart = keyOffsets[index]
                        let keyLength = keyOffsets[index + 1] - keyStart
                        memcpy(target + written, keys.baseAddress! + keyStart, keyLength)
                        written += keyLength
                        let end = row.fieldEnds[index]
                        if end > start {
                            memcpy(target + written, fields.baseAddress! + start, end - start)
                            written += end - start
                        }
                        start = end + 1
                    }
                    target.storeBytes(of: UInt8(ascii: "\""), toByteOffset: written, as: UInt8.self)
                    target.storeBytes(of: UInt8(ascii: "}"), toByteOffset: written + 1, as: UInt8.self)
                    count = written + 2
                }
            }
        }
    }

    private func encodeEscaping(
        _ row: CSVRow,
        fields: UnsafeRawBufferPointer,
        keys: UnsafeRawBufferPointer
    ) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(keys.count + fields.count * 2 + 2)
        var start = 0
        for index in 0..<header.count {
            output.append(contentsOf: keys[keyOffsets[index]..<keyOffsets[index + 1]])
            let end = row.fieldEnds[index]
            Self.appendEscaped(UnsafeRawBufferPointer(rebasing: fields[start..<end]), to: &output)
            start = end + 1
        }
        output.append(contentsOf: [UInt8(ascii: "\""), UInt8(ascii: "}")])
        return output
    }

    /// Whether any byte is a quote, a backslash or a control character, checked eight bytes at a time.
    private static func needsEscaping(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return false }
        if memchr(base, 0x22, bytes.count) != nil || memchr(base, 0x5C, bytes.count) != nil {
            return true
        }
        // A word has a byte below 0x20 exactly when subtracting 0x20 from every byte borrows into a byte
        // whose high bit was clear.
        let ones: UInt64 = 0x0101_0101_0101_0101
        var index = 0
        while index + 8 <= bytes.count {
            let word = bytes.loadUnaligned(fromByteOffset: index, as: UInt64.self)
            if (word &- ones &* 0x20) & ~word & (ones &* 0x80) != 0 {
                return true
            }
            index += 8
        }
        while index < bytes.count {
            if bytes[index] < 0x20 {
                return true
            }
            index += 1
        }
        return false
    }

    private static func appendEscaped(_ bytes: UnsafeRawBufferPointer, to output: inout [UInt8]) {
        let hex = Array("0123456789abcdef".utf8)
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "\""):
                output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
            case UInt8(ascii: "\\"):
                output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case UInt8(ascii: "\n"):
                output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case UInt8(ascii: "\r"):
                output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            case UInt8(ascii: "\t"):
                output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case 0..<0x20:
                output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0")])
                output.append(hex[Int(byte >> 4)])
                output.append(hex[Int(byte & 0x0F)])
            default:
                output.append(byte)
            }
        }
    }
}
