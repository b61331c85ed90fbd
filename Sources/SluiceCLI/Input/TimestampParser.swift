/// Parses record timestamps from text: ISO 8601 in UTC or with an offset (`2013-01-01T10:00:00Z`,
/// `2013-01-01T10:00:00.250+01:00`), or integer epoch milliseconds (`1357034400000`).
///
/// The ISO form is parsed by hand from its fixed layout, so a large load pays no formatter per row.
///
/// - Important: Only the extended calendar form with seconds is accepted (no week dates, ordinal dates or
///   basic `20130101T100000Z`), and a leap second (`:60`) is refused.
public enum TimestampParser {
    /// Parses a timestamp from UTF-8 bytes.
    ///
    /// - Parameter text: The field's bytes.
    /// - Returns: Milliseconds since 1970-01-01T00:00:00Z, or nil when the text is neither form.
    public static func milliseconds(utf8 text: UnsafeBufferPointer<UInt8>) -> Int64? {
        guard !text.isEmpty else { return nil }
        if text.count >= 20, text[4] == UInt8(ascii: "-") {
            return isoMilliseconds(text)
        }
        return epochMilliseconds(text)
    }

    /// Parses a timestamp from a string.
    ///
    /// - Parameter text: The field's text.
    /// - Returns: Milliseconds since 1970-01-01T00:00:00Z, or nil when the text is neither form.
    public static func milliseconds(_ text: String) -> Int64? {
        var text = text
        return text.withUTF8 { milliseconds(utf8: $0) }
    }

    private static func epochMilliseconds(_ text: UnsafeBufferPointer<UInt8>) -> Int64? {
        var index = 0
        let negative = text[0] == UInt8(ascii: "-")
        if negative {
            index = 1
        }
        guard index < text.count, text.count - index <= 18 else { return nil }
        var value: Int64 = 0
        while index < text.count {
            let digit = text[index] &- UInt8(ascii: "0")
            guard digit < 10 else { return nil }
            value = value * 10 + Int64(digit)
            index += 1
        }
        return negative ? -value : value
    }

    private static func isoMilliseconds(_ text: UnsafeBufferPointer<UInt8>) -> Int64? {
        func number(_ from: Int, _ count: Int) -> Int? {
            var value = 0
            for index in from..<(from + count) {
                let digit = text[index] &- UInt8(ascii: "0")
                guard digit < 10 else { return nil }
                value = value * 10 + Int(digit)
            }
            return value
        }
        let separator = text[10]
        guard text[7] == UInt8(ascii: "-"), text[13] == UInt8(ascii: ":"), text[16] == UInt8(ascii: ":"),
            separator == UInt8(ascii: "T") || separator == UInt8(ascii: "t") || separator == UInt8(ascii: " "),
            let year = number(0, 4), let month = number(5, 2), let day = number(8, 2),
            let hour = number(11, 2), let minute = number(14, 2), let second = number(17, 2),
            (1...12).contains(month), day >= 1, day <= daysInMonth(month, year: year),
            hour < 24, minute < 60, second < 60
        else { return nil }

        // Optional fraction of a second, kept to milliseconds.
        var index = 19
        var millisecond = 0
        if text[index] == UInt8(ascii: ".") || text[index] == UInt8(ascii: ",") {
            index += 1
            var digits = 0
            while index < text.count, text[index] &- UInt8(ascii: "0") < 10 {
                if digits < 3 {
                    millisecond = millisecond * 10 + Int(text[index] &- UInt8(ascii: "0"))
                }
                digits += 1
                index += 1
            }
            guard digits > 0 else { return nil }
            for _ in digits..<max(digits, 3) {
                millisecond *= 10
            }
        }

        // The zone: Z, or an offset +HH:MM / -HH:MM.
        guard index < text.count else { return nil }
        var offsetMinutes = 0
        let zone = text[index]
        if zone == UInt8(ascii: "Z") || zone == UInt8(ascii: "z") {
            guard index + 1 == text.count else { return nil }
        } else if zone == UInt8(ascii: "+") || zone == UInt8(ascii: "-") {
            guard index + 6 == text.count, text[index + 3] == UInt8(ascii: ":"),
                let offsetHours = number(index + 1, 2), let offsetMinute = number(index + 4, 2),
                offsetHours < 24, offsetMinute < 60
            else { return nil }
            offsetMinutes = (offsetHours * 60 + offsetMinute) * (zone == UInt8(ascii: "-") ? -1 : 1)
        } else {
            return nil
        }

        let days = Int64(daysSinceEpoch(year: year, month: month, day: day))
        let seconds = days * 86_400 + Int64(hour * 3_600 + minute * 60 + second) - Int64(offsetMinutes * 60)
        return seconds * 1_000 + Int64(millisecond)
    }

    private static func daysInMonth(_ month: Int, year: Int) -> Int {
        switch month {
        case 2:
            let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
            return leap ? 29 : 28
        case 4, 6, 9, 11:
            return 30
        default:
            return 31
        }
    }

    /// Days from 1970-01-01 in the proleptic Gregorian calendar, counting years from March so the leap day
    /// falls at the end of the counted year.
    private static func daysSinceEpoch(year: Int, month: Int, day: Int) -> Int {
        let marchYear = month <= 2 ? year - 1 : year
        let era = (marchYear >= 0 ? marchYear : marchYear - 399) / 400
        let yearOfEra = marchYear - era * 400
        let monthFromMarch = month > 2 ? month - 3 : month + 9
        let dayOfYear = (153 * monthFromMarch + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}
