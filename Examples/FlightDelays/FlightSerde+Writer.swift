extension FlightSerde {
    /// Writes JSON text into memory the caller sized with ``capacity(textBytes:)``, as `JSONEncoder` formats it.
    ///
    /// `JSONEncoder`'s format: whole numbers in decimal; a `Double` as its `description` without a trailing
    /// `.0` (so `2.0` is `2`, `-0.0` is `-0` and `1e+16` stays); strings as UTF-8 with `"`, `\` and `/`
    /// escaped, the control characters that have a short escape written with it and the rest as `\u00XX` in
    /// lower case; nil as `null`.
    struct Writer {
        private let base: UnsafeMutablePointer<UInt8>

        /// How many bytes have been written.
        private(set) var count = 0

        /// Starts writing at `base`.
        init(_ base: UnsafeMutablePointer<UInt8>) {
            self.base = base
        }

        /// The most bytes a flight can take: 232 bytes of keys and punctuation, at most 24 for each of the 15
        /// numbers (`-1.2345678901234567e-308`) or 4 for a null, and for each of the 5 texts 4 for a null or 2
        /// quotes and at most 6 per byte (`\u00XX`).
        ///
        /// - Parameter textBytes: The UTF-8 byte count of all the texts together.
        static func capacity(textBytes: Int) -> Int {
            256 + 15 * 24 + 5 * 4 + 6 * textBytes
        }

        /// Appends text as it stands.
        mutating func raw(_ text: StaticString) {
            (base + count).update(from: text.utf8Start, count: text.utf8CodeUnitCount)
            count += text.utf8CodeUnitCount
        }

        /// Appends `null`.
        mutating func null() {
            raw("null")
        }

        /// Appends a whole number, or `null`.
        mutating func wholeNumber(_ value: Int?) {
            guard let value else { return null() }
            integer(Int64(value))
        }

        /// Appends a whole number.
        mutating func integer(_ value: Int64) {
            if value < 0 {
                base[count] = UInt8(ascii: "-")
                count += 1
            }
            var magnitude = value.magnitude
            var digits = 1
            var probe = magnitude
            while probe >= 10 {
                probe /= 10
                digits += 1
            }
            count += digits
            var position = count
            repeat {
                position -= 1
                base[position] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
            } while magnitude > 0
        }

        /// Appends a finite number, or `null`.
        mutating func number(_ value: Double?) {
            guard let value else { return null() }
            // Whole values below 10^15 print without an exponent, so they read as the integer they hold; -0
            // keeps its sign.
            if value.magnitude < 1e15, value.rounded(.towardZero) == value, value != 0 || value.sign == .plus {
                return integer(Int64(value))
            }
            var text = value.description
            if text.hasSuffix(".0") {
                text.removeLast(2)
            }
            text.withUTF8 { utf8 in
                (base + count).update(from: utf8.baseAddress!, count: utf8.count)
                count += utf8.count
            }
        }

        /// Appends a string in quotes, or `null`.
        mutating func text(_ value: String?) {
            guard var value else { return null() }
            base[count] = UInt8(ascii: "\"")
            count += 1
            value.withUTF8 { utf8 in
                for byte in utf8 {
                    switch byte {
                    case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): escape(byte)
                    case 0x08: escape(UInt8(ascii: "b"))
                    case 0x09: escape(UInt8(ascii: "t"))
                    case 0x0A: escape(UInt8(ascii: "n"))
                    case 0x0C: escape(UInt8(ascii: "f"))
                    case 0x0D: escape(UInt8(ascii: "r"))
                    case 0..<0x20:
                        escape(UInt8(ascii: "u"))
                        raw("00")
                        base[count] = Self.hexDigit(byte >> 4)
                        base[count + 1] = Self.hexDigit(byte & 0x0F)
                        count += 2
                    default:
                        base[count] = byte
                        count += 1
                    }
                }
            }
            base[count] = UInt8(ascii: "\"")
            count += 1
        }

        /// Appends a backslash and `byte`.
        private mutating func escape(_ byte: UInt8) {
            base[count] = UInt8(ascii: "\\")
            base[count + 1] = byte
            count += 2
        }

        private static func hexDigit(_ nibble: UInt8) -> UInt8 {
            nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "a") + nibble - 10
        }
    }
}
