import Foundation
import Testing

@testable import SluiceCLI

@Suite("Timestamp parser")
struct TimestampParserTests {
    @Test("ISO 8601 UTC, offsets and fractions agree with Foundation's parser")
    func iso() throws {
        #expect(TimestampParser.milliseconds("1970-01-01T00:00:00Z") == 0)
        #expect(TimestampParser.milliseconds("2013-01-01T10:00:00Z") == 1_357_034_400_000)
        #expect(TimestampParser.milliseconds("2013-12-31T23:59:59.5Z") == 1_388_534_399_500)
        #expect(TimestampParser.milliseconds("2013-01-01T11:00:00.250+01:00") == 1_357_034_400_250)
        #expect(TimestampParser.milliseconds("1969-12-31T23:59:59Z") == -1_000)
        #expect(TimestampParser.milliseconds("2024-02-29T12:00:00Z") == 1_709_208_000_000)

        let formatter = ISO8601DateFormatter()
        for text in ["2000-02-29T00:00:00Z", "2013-07-04T18:30:15Z", "2100-03-01T01:02:03Z", "1900-01-01T00:00:00Z"] {
            let expected = Int64((formatter.date(from: text)!.timeIntervalSince1970 * 1_000).rounded())
            #expect(TimestampParser.milliseconds(text) == expected, "\(text)")
        }
    }

    @Test("epoch milliseconds are read as integers")
    func epoch() {
        #expect(TimestampParser.milliseconds("1357034400000") == 1_357_034_400_000)
        #expect(TimestampParser.milliseconds("-5") == -5)
        #expect(TimestampParser.milliseconds("0") == 0)
    }

    @Test("anything else is refused")
    func invalid() {
        for text in [
            "", "NA", "-", "12a", "2013-02-29T00:00:00Z", "2013-13-01T00:00:00Z", "2013-01-01T24:00:00Z",
            "2013-01-01T10:00:00", "2013-01-01T10:00:00Zx", "2013-01-01 10:00", "2013-01-01T10:00:00.Z",
            "2013/01/01T10:00:00Z", "1234567890123456789",
        ] {
            #expect(TimestampParser.milliseconds(text) == nil, "\(text)")
        }
    }
}
