// MARK: - The object

extension FlightSerde {
    /// Decodes one flight from the UTF-8 bytes of a JSON object, in one pass.
    ///
    /// A member is read into its field as soon as its key is matched; members a flight does not have, and
    /// `time_hour_ms` (which is recomputed from `time_hour`), are checked as JSON and dropped. When a key comes
    /// twice the first value counts, and a UTF-8 byte order mark at the start is skipped, as with `JSONDecoder`.
    static func decode(_ bytes: UnsafeBufferPointer<UInt8>) throws(Failure) -> Flight {
        var reader = Reader(bytes)
        var year: Int?
        var month: Int?
        var day: Int?
        var depTime: Int?
        var schedDepTime: Int?
        var depDelay: Double?
        var arrTime: Int?
        var schedArrTime: Int?
        var arrDelay: Double?
        var carrier: String?
        var flight: Int?
        var tailnum: String?
        var origin: String?
        var dest: String?
        var airTime: Double?
        var distance: Double?
        var hour: Int?
        var minute: Int?
        var timeHour: String?

        var seen: UInt32 = 0
        var reading: Field?
        do throws(Failure) {
            reader.skipByteOrderMark()
            reader.skipWhitespace()
            guard reader.consume(UInt8(ascii: "{")) else { throw reader.syntaxError("expected a JSON object") }
            reader.skipWhitespace()
            if !reader.consume(UInt8(ascii: "}")) {
                while true {
                    let key = try reader.readString()
                    reader.skipWhitespace()
                    guard reader.consume(UInt8(ascii: ":")) else { throw reader.syntaxError("expected ':'") }
                    reader.skipWhitespace()

                    if let field = try reader.field(key), seen & field.bit == 0 {
                        seen |= field.bit
                        reading = field
                        switch field {
                        case .year: year = try reader.readWholeNumber(for: field)
                        case .month: month = try reader.readWholeNumber(for: field)
                        case .day: day = try reader.readWholeNumber(for: field)
                        case .depTime: depTime = try reader.readWholeNumber(for: field)
                        case .schedDepTime: schedDepTime = try reader.readWholeNumber(for: field)
                        case .depDelay: depDelay = try reader.readNumber(for: field)
                        case .arrTime: arrTime = try reader.readWholeNumber(for: field)
                        case .schedArrTime: schedArrTime = try reader.readWholeNumber(for: field)
                        case .arrDelay: arrDelay = try reader.readNumber(for: field)
                        case .carrier: carrier = try reader.readText(for: field)
                        case .flight: flight = try reader.readWholeNumber(for: field)
                        case .tailnum: tailnum = try reader.readText(for: field)
                        case .origin: origin = try reader.readText(for: field)
                        case .dest: dest = try reader.readText(for: field)
                        case .airTime: airTime = try reader.readNumber(for: field)
                        case .distance: distance = try reader.readNumber(for: field)
                        case .hour: hour = try reader.readWholeNumber(for: field)
                        case .minute: minute = try reader.readWholeNumber(for: field)
                        case .timeHour: timeHour = try reader.readText(for: field)
                        case .timeHourMilliseconds: try reader.skipValue()
                        }
                        reading = nil
                    } else {
                        try reader.skipValue()
                    }

                    reader.skipWhitespace()
                    if reader.consume(UInt8(ascii: ",")) {
                        reader.skipWhitespace()
                        continue
                    }
                    guard reader.consume(UInt8(ascii: "}")) else { throw reader.syntaxError("expected ',' or '}'") }
                    break
                }
            }
            reader.skipWhitespace()
            guard reader.isAtEnd else { throw reader.syntaxError("unexpected bytes after the object") }
        } catch {
            throw error.within(reading)
        }

        guard let year else { throw .value("field year is missing or NA") }
        guard let month else { throw .value("field month is missing or NA") }
        guard let day else { throw .value("field day is missing or NA") }
        let result = Flight(
            year: year,
            month: month,
            day: day,
            depTime: depTime,
            schedDepTime: schedDepTime,
            depDelay: depDelay,
            arrTime: arrTime,
            schedArrTime: schedArrTime,
            arrDelay: arrDelay,
            carrier: carrier,
            flight: flight,
            tailnum: tailnum,
            origin: origin,
            dest: dest,
            airTime: airTime,
            distance: distance,
            hour: hour,
            minute: minute,
            timeHour: timeHour
        )
        if let timeHour, result.timeHourMilliseconds == nil {
            throw Failure.holds(.timeHour, timeHour, quoted: true, expected: "YYYY-MM-DDTHH:MM:SSZ")
        }
        return result
    }
}

// MARK: - Field values

extension FlightSerde.Reader {
    typealias Field = FlightSerde.Field
    typealias Failure = FlightSerde.Failure

    /// The field a key names, or nil for a key a flight does not have.
    func field(_ key: StringToken) throws(Failure) -> Field? {
        if key.isPlain {
            return Field.named(slice(key.range))
        }
        if !key.hasEscapes {
            _ = try decodedText(key)
            return nil
        }
        let name = try decodedText(key)
        return Array(name.utf8).withUnsafeBufferPointer { Field.named($0) }
    }

    /// A string value: nil for null or `"NA"`.
    mutating func readText(for field: Field) throws(Failure) -> String? {
        switch current {
        case UInt8(ascii: "\""):
            let token = try readString()
            if token.isPlain, isNA(token.range) { return nil }
            let text = try decodedText(token)
            return text == "NA" ? nil : text
        case UInt8(ascii: "n"):
            try readLiteral("null")
            return nil
        default:
            throw try mismatch(field, expected: "a string")
        }
    }

    /// A whole number, from a string as `Int(_:)` reads it or from a JSON number with no fractional part: nil
    /// for null or `"NA"`.
    mutating func readWholeNumber(for field: Field) throws(Failure) -> Int? {
        switch current {
        case UInt8(ascii: "\""):
            let token = try readString()
            if token.isPlain {
                if isNA(token.range) { return nil }
                if let value = Self.wholeNumber(slice(token.range)) { return value }
                throw Failure.holds(field, try decodedText(token), quoted: true, expected: "a whole number")
            }
            let text = try decodedText(token)
            if text == "NA" { return nil }
            guard let value = Int(text) else {
                throw Failure.holds(field, text, quoted: true, expected: "a whole number")
            }
            return value
        case UInt8(ascii: "n"):
            try readLiteral("null")
            return nil
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            let token = try readNumber()
            let digits = slice(token.range)
            if token.isInteger, let value = Self.wholeNumber(digits) {
                return value
            }
            if !token.isInteger, let value = Double(String(decoding: digits, as: UTF8.self)).flatMap(Int.init(exactly:))
            {
                return value
            }
            let text = String(decoding: digits, as: UTF8.self)
            throw Failure.holds(field, text, quoted: false, expected: "a whole number that fits in Int")
        default:
            throw try mismatch(field, expected: "a whole number")
        }
    }

    /// A number, from a string as `Double(_:)` reads it (finite, ASCII, no spaces) or from a JSON number: nil
    /// for null or `"NA"`.
    mutating func readNumber(for field: Field) throws(Failure) -> Double? {
        switch current {
        case UInt8(ascii: "\""):
            let token = try readString()
            if token.isPlain {
                if isNA(token.range) { return nil }
                if let value = Self.exactDouble(slice(token.range)) { return value }
            }
            let text = try decodedText(token)
            if text == "NA" { return nil }
            guard let value = Double(text), value.isFinite, text.utf8.allSatisfy({ $0 < 0x80 && $0 != 0x20 }) else {
                throw Failure.holds(field, text, quoted: true, expected: "a number")
            }
            return value
        case UInt8(ascii: "n"):
            try readLiteral("null")
            return nil
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            let token = try readNumber()
            let digits = slice(token.range)
            if token.isInteger, let value = Self.exactDouble(digits) { return value }
            let text = String(decoding: digits, as: UTF8.self)
            guard let value = Double(text), value.isFinite else {
                throw Failure.holds(field, text, quoted: false, expected: "a finite number")
            }
            return value
        default:
            throw try mismatch(field, expected: "a number")
        }
    }

    /// The failure for a value of the wrong JSON type (a number, boolean, array or object) where `expected` was.
    private mutating func mismatch(_ field: Field, expected: String) throws(Failure) -> Failure {
        let what: String
        switch current {
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            let token = try readNumber()
            what = "the number " + String(decoding: slice(token.range), as: UTF8.self)
        case UInt8(ascii: "t"):
            try readLiteral("true")
            what = "true"
        case UInt8(ascii: "f"):
            try readLiteral("false")
            what = "false"
        case UInt8(ascii: "["):
            what = "an array"
        case UInt8(ascii: "{"):
            what = "an object"
        default:
            throw syntaxError("expected a value")
        }
        return Failure.holds(field, what, quoted: false, expected: expected)
    }

    /// Whether the bytes are exactly `NA`.
    private func isNA(_ range: Range<Int>) -> Bool {
        range.count == 2 && bytes[range.lowerBound] == UInt8(ascii: "N")
            && bytes[range.lowerBound + 1] == UInt8(ascii: "A")
    }

    /// ASCII text read as `Int(_:)` reads it: an optional sign, then one or more digits, in range.
    static func wholeNumber(_ text: UnsafeBufferPointer<UInt8>) -> Int? {
        var index = 0
        var negative = false
        if let sign = text.first, sign == UInt8(ascii: "-") || sign == UInt8(ascii: "+") {
            negative = sign == UInt8(ascii: "-")
            index = 1
        }
        guard index < text.count else { return nil }
        var value = 0
        while index < text.count {
            let digit = text[index] &- UInt8(ascii: "0")
            guard digit < 10 else { return nil }
            let (shifted, shiftOverflow) = value.multipliedReportingOverflow(by: 10)
            let (next, addOverflow) =
                negative
                ? shifted.subtractingReportingOverflow(Int(digit)) : shifted.addingReportingOverflow(Int(digit))
            guard !shiftOverflow, !addOverflow else { return nil }
            value = next
            index += 1
        }
        return value
    }

    /// Short integer text (a sign and up to 15 digits) as the `Double` it denotes exactly, `-0` included; nil
    /// for anything else, which `Double(_:)` then reads.
    static func exactDouble(_ text: UnsafeBufferPointer<UInt8>) -> Double? {
        guard text.count <= 16, let value = wholeNumber(text), value.magnitude < 1_000_000_000_000_000 else {
            return nil
        }
        return text.first == UInt8(ascii: "-") ? -Double(value.magnitude) : Double(value)
    }
}
