/// Reads big-endian Kafka wire fields from a byte array.
///
/// The `flexible` parameters select the compact encodings of KIP-482 (unsigned varint lengths plus one,
/// tagged-field sections); otherwise the classic int16/int32 length prefixes are read.
struct ByteReader {
    let bytes: [UInt8]
    var position: Int

    init(_ bytes: [UInt8], position: Int = 0) {
        self.bytes = bytes
        self.position = position
    }

    var remaining: Int { bytes.count - position }

    private mutating func take(_ count: Int) throws -> Range<Int> {
        guard count >= 0, count <= remaining else { throw WireError.truncated }
        let range = position..<(position + count)
        position += count
        return range
    }

    private mutating func integer<T: FixedWidthInteger>(_: T.Type) throws -> T {
        let range = try take(MemoryLayout<T>.size)
        var value: T = 0
        for index in range {
            value = (value << 8) | T(truncatingIfNeeded: bytes[index])
        }
        return value
    }

    mutating func int8() throws -> Int8 { try integer(Int8.self) }
    mutating func int16() throws -> Int16 { try integer(Int16.self) }
    mutating func int32() throws -> Int32 { try integer(Int32.self) }
    mutating func int64() throws -> Int64 { try integer(Int64.self) }
    mutating func bool() throws -> Bool { try int8() != 0 }

    mutating func uvarint() throws -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let byte = bytes[try take(1).lowerBound]
            result |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { return result }
            shift += 7
            if shift > 63 { throw WireError.invalidLength }
        }
    }

    /// A zigzag-encoded signed varint (record fields).
    mutating func varint() throws -> Int64 {
        let raw = try uvarint()
        return Int64(bitPattern: raw >> 1) ^ -Int64(bitPattern: raw & 1)
    }

    mutating func raw(_ count: Int) throws -> [UInt8] {
        Array(bytes[try take(count)])
    }

    mutating func skip(_ count: Int) throws {
        _ = try take(count)
    }

    /// A length prefix: `nil` for a null value.
    private mutating func length(flexible: Bool, wide: Bool) throws -> Int? {
        if flexible {
            let value = try uvarint()
            guard value <= UInt64(Int32.max) else { throw WireError.invalidLength }
            return value == 0 ? nil : Int(value) - 1
        }
        let value = wide ? Int(try int32()) : Int(try int16())
        if value == -1 { return nil }
        guard value >= 0 else { throw WireError.invalidLength }
        return value
    }

    mutating func nullableString(flexible: Bool = false) throws -> String? {
        guard let count = try length(flexible: flexible, wide: false) else { return nil }
        guard let text = String(validating: bytes[try take(count)], as: UTF8.self) else {
            throw WireError.invalidString
        }
        return text
    }

    mutating func string(flexible: Bool = false) throws -> String {
        try nullableString(flexible: flexible) ?? ""
    }

    mutating func nullableBytes(flexible: Bool = false) throws -> [UInt8]? {
        guard let count = try length(flexible: flexible, wide: true) else { return nil }
        return try raw(count)
    }

    mutating func bytesField(flexible: Bool = false) throws -> [UInt8] {
        try nullableBytes(flexible: flexible) ?? []
    }

    /// An array length; `nil` for a null array. Rejects counts larger than the bytes left.
    mutating func nullableArrayCount(flexible: Bool = false) throws -> Int? {
        guard let count = try length(flexible: flexible, wide: true) else { return nil }
        guard count <= remaining else { throw WireError.invalidLength }
        return count
    }

    mutating func arrayCount(flexible: Bool = false) throws -> Int {
        try nullableArrayCount(flexible: flexible) ?? 0
    }

    /// Reads `count` elements, each with `element`.
    mutating func array<T>(flexible: Bool = false, _ element: (inout ByteReader) throws -> T) throws -> [T] {
        let count = try arrayCount(flexible: flexible)
        var result: [T] = []
        result.reserveCapacity(count)
        for _ in 0..<count {
            result.append(try element(&self))
        }
        return result
    }

    /// Skips a tagged-field section when the version is flexible.
    mutating func tags(flexible: Bool) throws {
        guard flexible else { return }
        let count = try uvarint()
        for _ in 0..<count {
            _ = try uvarint()
            let size = try uvarint()
            guard size <= UInt64(remaining) else { throw WireError.truncated }
            try skip(Int(size))
        }
    }
}
