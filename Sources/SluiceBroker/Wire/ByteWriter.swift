/// Builds big-endian Kafka wire fields.
///
/// With `flexible`, strings, bytes and arrays use the compact encodings and `tags` writes an empty
/// tagged-field section as a single zero byte (librdkafka 2.0.2 mis-skips any real tagged field).
struct ByteWriter {
    var bytes: [UInt8] = []

    init(capacity: Int = 64) {
        bytes.reserveCapacity(capacity)
    }

    private mutating func integer<T: FixedWidthInteger>(_ value: T) {
        let size = MemoryLayout<T>.size
        for index in stride(from: size - 1, through: 0, by: -1) {
            bytes.append(UInt8(truncatingIfNeeded: value >> (index * 8)))
        }
    }

    mutating func int8(_ value: Int8) { integer(value) }
    mutating func int16(_ value: Int16) { integer(value) }
    mutating func int32(_ value: Int32) { integer(value) }
    mutating func int64(_ value: Int64) { integer(value) }
    mutating func uint32(_ value: UInt32) { integer(value) }
    mutating func bool(_ value: Bool) { bytes.append(value ? 1 : 0) }

    mutating func uvarint(_ value: UInt64) {
        var rest = value
        while rest >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: rest) | 0x80)
            rest >>= 7
        }
        bytes.append(UInt8(rest))
    }

    /// A zigzag-encoded signed varint.
    mutating func varint(_ value: Int64) {
        uvarint(UInt64(bitPattern: (value << 1) ^ (value >> 63)))
    }

    mutating func raw<C: Collection>(_ data: C) where C.Element == UInt8 {
        bytes.append(contentsOf: data)
    }

    private mutating func length(_ count: Int?, flexible: Bool, wide: Bool) {
        if flexible {
            uvarint(count.map { UInt64($0 + 1) } ?? 0)
        } else if wide {
            int32(Int32(count ?? -1))
        } else {
            int16(Int16(count ?? -1))
        }
    }

    mutating func nullableString(_ value: String?, flexible: Bool = false) {
        guard let value else {
            length(nil, flexible: flexible, wide: false)
            return
        }
        let utf8 = Array(value.utf8)
        length(utf8.count, flexible: flexible, wide: false)
        bytes.append(contentsOf: utf8)
    }

    mutating func string(_ value: String, flexible: Bool = false) {
        nullableString(value, flexible: flexible)
    }

    mutating func nullableBytes(_ value: [UInt8]?, flexible: Bool = false) {
        length(value?.count, flexible: flexible, wide: true)
        if let value { bytes.append(contentsOf: value) }
    }

    mutating func bytesField(_ value: [UInt8], flexible: Bool = false) {
        nullableBytes(value, flexible: flexible)
    }

    mutating func arrayCount(_ count: Int?, flexible: Bool = false) {
        length(count, flexible: flexible, wide: true)
    }

    /// Writes the count and then each element.
    mutating func array<S: Collection>(
        _ elements: S,
        flexible: Bool = false,
        _ element: (inout ByteWriter, S.Element) -> Void
    ) {
        arrayCount(elements.count, flexible: flexible)
        for item in elements {
            element(&self, item)
        }
    }

    /// An empty tagged-field section (one zero byte) when the version is flexible.
    mutating func tags(flexible: Bool) {
        if flexible { bytes.append(0) }
    }
}
