import Foundation

/// Reads CSV records (RFC 4180) from a byte stream, one row at a time, after a header row.
///
/// Quoted fields may hold commas, line breaks and doubled quotes (`""` for `"`). Records end with LF or CRLF.
/// A UTF-8 byte order mark before the header is skipped, and so are empty lines. Every record must have as
/// many fields as the header; one that does not is an error naming its line.
///
/// - Important: A bare CR (not followed by LF) outside quotes is kept as part of the field, and a quote in the
///   middle of an unquoted field is kept literally, as most spreadsheet exports expect.
public final class CSVReader {
    /// The field names from the first record.
    public private(set) var header: [String] = []

    private let window: ByteWindow
    private var nextLine = 1

    /// Starts reading and consumes the header row.
    ///
    /// - Parameter source: The CSV bytes, already decompressed.
    /// - Throws: ``InputError`` when the input is empty, unreadable or the header is malformed.
    public init(source: ByteSource) throws {
        window = ByteWindow(source: source)
        try window.refill()
        let bytes = window.bytes
        if window.end - window.start >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF {
            window.start = 3
        }
        guard let first = try nextRecord() else {
            throw InputError.malformedRow("the input is empty: a header row is needed", line: 1)
        }
        header = first.fields
    }

    /// Reads the next record.
    ///
    /// - Returns: The row, or nil at the end of the input.
    /// - Throws: ``InputError`` naming the line for a malformed record or one with the wrong number of fields.
    public func next() throws -> CSVRow? {
        guard let row = try nextRecord() else { return nil }
        guard row.count == header.count else {
            throw InputError.malformedRow(
                "expected \(header.count) fields as in the header, found \(row.count)",
                line: row.lineNumber
            )
        }
        return row
    }

    /// Reads every remaining record.
    ///
    /// - Returns: The rows in file order.
    /// - Throws: ``InputError`` for the first malformed record.
    public func readAll() throws -> [CSVRow] {
        var rows: [CSVRow] = []
        while let row = try next() {
            rows.append(row)
        }
        return rows
    }

    private func nextRecord() throws -> CSVRow? {
        while true {
            switch try parseRecord() {
            case .record(let row):
                return row
            case .endOfInput:
                return nil
            case .needMore:
                try window.refill()
            }
        }
    }

    private enum ParseResult {
        case record(CSVRow)
        case needMore
        case endOfInput
    }

    /// The fast path for a complete line without quotes: its bytes are the row's bytes, commas and all, and
    /// the fields are found with `memchr`. Returns nil when the line is incomplete or has a quote.
    private func parseSimpleLine(from position: Int, limit: Int, line: Int) -> CSVRow? {
        let base = UnsafeRawPointer(window.storage.baseAddress!)
        guard let newline = memchr(base + position, 0x0A, limit - position) else { return nil }
        let lineEnd = base.distance(to: UnsafeRawPointer(newline))
        guard memchr(base + position, 0x22, lineEnd - position) == nil else { return nil }

        var contentEnd = lineEnd
        if contentEnd > position, base.load(fromByteOffset: contentEnd - 1, as: UInt8.self) == 0x0D {
            contentEnd -= 1
        }
        let length = contentEnd - position
        let bytes = [UInt8](unsafeUninitializedCapacity: length) { target, count in
            if length > 0 {
                target.baseAddress!.update(from: (base + position).assumingMemoryBound(to: UInt8.self), count: length)
            }
            count = length
        }
        var ends: [Int] = []
        ends.reserveCapacity(max(header.count, 8))
        var cursor = position
        while let comma = memchr(base + cursor, 0x2C, contentEnd - cursor) {
            let index = base.distance(to: UnsafeRawPointer(comma))
            ends.append(index - position)
            cursor = index + 1
        }
        ends.append(length)

        window.start = lineEnd + 1
        nextLine = line + 1
        return CSVRow(fieldBytes: bytes, fieldEnds: ends, lineNumber: line)
    }

    /// Parses one record starting at `start`; on success moves `start` and `nextLine` past it.
    private func parseRecord() throws -> ParseResult {
        let bytes = window.bytes
        let atEnd = window.sourceFinished
        let limit = window.end
        var position = window.start
        var line = nextLine

        // Empty lines between records are skipped.
        while position < limit {
            if bytes[position] == UInt8(ascii: "\n") {
                position += 1
                line += 1
            } else if bytes[position] == UInt8(ascii: "\r") {
                guard position + 1 < limit else {
                    if atEnd { break }
                    return .needMore
                }
                guard bytes[position + 1] == UInt8(ascii: "\n") else { break }
                position += 2
                line += 1
            } else {
                break
            }
        }
        if position == limit {
            if atEnd {
                window.start = position
                nextLine = line
                return .endOfInput
            }
            return .needMore
        }

        let recordLine = line
        if let row = parseSimpleLine(from: position, limit: limit, line: line) {
            return .record(row)
        }

        var fields: [UInt8] = []
        fields.reserveCapacity(256)
        var ends: [Int] = []
        ends.reserveCapacity(max(header.count, 8))

        while true {
            if !ends.isEmpty {
                fields.append(UInt8(ascii: ","))
            }
            if position < limit, bytes[position] == UInt8(ascii: "\"") {
                // A quoted field: runs to the next quote that is not doubled.
                position += 1
                while true {
                    guard position < limit else {
                        if atEnd {
                            throw InputError.malformedRow("a quoted field is not closed", line: recordLine)
                        }
                        return .needMore
                    }
                    let byte = bytes[position]
                    if byte == UInt8(ascii: "\"") {
                        guard position + 1 < limit else {
                            if atEnd {
                                position += 1
                                break
                            }
                            return .needMore
                        }
                        if bytes[position + 1] == UInt8(ascii: "\"") {
                            fields.append(byte)
                            position += 2
                            continue
                        }
                        position += 1
                        break
                    }
                    if byte == UInt8(ascii: "\n") {
                        line += 1
                    }
                    fields.append(byte)
                    position += 1
                }
                ends.append(fields.count)

                guard position < limit else {
                    if atEnd { break }
                    return .needMore
                }
                let after = bytes[position]
                if after == UInt8(ascii: ",") {
                    position += 1
                    continue
                }
                if after == UInt8(ascii: "\n") {
                    position += 1
                    break
                }
                if after == UInt8(ascii: "\r") {
                    guard position + 1 < limit else {
                        if atEnd {
                            position += 1
                            break
                        }
                        return .needMore
                    }
                    if bytes[position + 1] == UInt8(ascii: "\n") {
                        position += 2
                        break
                    }
                }
                throw InputError.malformedRow(
                    "unexpected character after the closing quote of field \(ends.count)",
                    line: line
                )
            }

            // An unquoted field: runs to the next comma or line feed.
            var scan = position
            while scan < limit {
                let byte = bytes[scan]
                if byte == UInt8(ascii: ",") || byte == UInt8(ascii: "\n") {
                    break
                }
                scan += 1
            }
            if scan == limit && !atEnd {
                return .needMore
            }
            var fieldEnd = scan
            let endsRecord = scan == limit || bytes[scan] == UInt8(ascii: "\n")
            if endsRecord, fieldEnd > position, bytes[fieldEnd - 1] == UInt8(ascii: "\r") {
                fieldEnd -= 1
            }
            fields.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[position..<fieldEnd]))
            ends.append(fields.count)
            if scan == limit {
                position = scan
                break
            }
            position = scan + 1
            if bytes[scan] == UInt8(ascii: "\n") {
                break
            }
        }

        window.start = position
        nextLine = line + 1
        return .record(CSVRow(fieldBytes: fields, fieldEnds: ends, lineNumber: recordLine))
    }
}
