import FlightDelays
import Foundation
import Sluice
import SluiceCLI
import Testing

@Suite("FlightSerde")
struct FlightSerdeTests {
    private let serde = Serde<Flight>.flight
    private let json = Serde<Flight>.json(Flight.self)

    /// A flight loaded from a CSV row of the slice, departed and with every field present.
    private let departed =
        #"{"year":"2013","month":"1","day":"1","dep_time":"517","sched_dep_time":"515","dep_delay":"2","#
        + #""arr_time":"830","sched_arr_time":"819","arr_delay":"11","carrier":"UA","flight":"1545","#
        + #""tailnum":"N14228","origin":"EWR","dest":"IAH","air_time":"227","distance":"1400","hour":"5","#
        + #""minute":"15","time_hour":"2013-01-01T10:00:00Z"}"#

    private func decode(_ text: String) throws -> Flight {
        try serde.deserialize(Array(text.utf8))
    }

    /// The reason a decode fails with, or nil when it succeeds.
    private func failure(_ text: String) -> String? {
        failure(Array(text.utf8))
    }

    private func failure(_ bytes: [UInt8]) -> String? {
        do {
            _ = try serde.deserialize(bytes)
            return nil
        } catch let error as SerdeError {
            #expect(error.code == .decodingFailed)
            return error.detail
        } catch {
            Issue.record("not a SerdeError: \(error)")
            return "\(error)"
        }
    }

    /// `departed` with one member's raw JSON value replaced.
    private func departed(_ key: String, _ value: String) -> String {
        let pattern = try! Regex(#""\#(key)":("[^"]*"|[^,}]*)"#)
        return departed.replacing(pattern, with: "\"\(key)\":\(value)", maxReplacements: 1)
    }

    // MARK: - The fixtures

    @Test("every row of the slice decodes as JSONDecoder decodes it and encodes to the same bytes as JSONEncoder")
    func slice() throws {
        let (header, rows) = try FlightFixtures.rows("flights-slice.csv")
        let decoder = JSONDecoder()
        #expect(rows.count == 3_000)
        var cancelled = 0
        for row in rows {
            let object = Array(FlightFixtures.object(row, header: header))
            let expected = try decoder.decode(Flight.self, from: Data(object))
            let flight = try serde.deserialize(object)
            #expect(flight == expected, "line \(row.lineNumber)")
            #expect(flight.timeHourMilliseconds == expected.timeHourMilliseconds)

            let bytes = try #require(try serde.serialize(flight))
            #expect(bytes == (try json.serialize(expected)), "line \(row.lineNumber)")
            #expect(try serde.deserialize(bytes) == flight)
            #expect(try json.deserialize(bytes) == flight)
            cancelled += flight.isCancelled ? 1 : 0
        }
        #expect(cancelled == 481)
    }

    @Test("exactly the three bad rows of the malformed fixture fail, each naming its field")
    func malformedFixture() throws {
        let (header, rows) = try FlightFixtures.rows("flights-malformed.csv")
        var failures: [Int: String] = [:]
        for row in rows {
            let object = Array(FlightFixtures.object(row, header: header))
            let reason = failure(object)
            #expect((reason == nil) == ((try? json.deserialize(object)) != nil), "line \(row.lineNumber)")
            failures[row.lineNumber] = reason
        }
        #expect(
            failures == [
                9: "cannot decode Flight from JSON: field dep_delay holds 'abc', which is not a number",
                14: "cannot decode Flight from JSON: field distance holds '1,400', which is not a number",
                18: "cannot decode Flight from JSON: field flight holds 'UA1545x', which is not a whole number",
            ]
        )
    }

    // MARK: - Shapes

    @Test("a loaded row and its typed encoding decode to the same flight; shapes may be mixed")
    func shapes() throws {
        let flight = try decode(departed)
        #expect(flight.depDelay == 2 && flight.distance == 1_400 && flight.carrier == "UA")
        #expect(flight.timeHourMilliseconds == 1_357_034_400_000)

        let typed = String(decoding: try #require(try serde.serialize(flight)), as: UTF8.self)
        #expect(typed.hasPrefix(#"{"air_time":227,"arr_delay":11,"arr_time":830,"carrier":"UA","day":1,"#))
        #expect(typed.hasSuffix(#""time_hour":"2013-01-01T10:00:00Z","time_hour_ms":1357034400000,"year":2013}"#))
        #expect(try decode(typed) == flight)

        let mixed = departed("dep_delay", "2").replacingOccurrences(of: #""year":"2013""#, with: #""year":2013"#)
        #expect(try decode(mixed) == flight)
    }

    @Test("pretty-printed JSON with every kind of whitespace decodes")
    func whitespace() throws {
        let flight = try decode(departed)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let pretty = String(decoding: try encoder.encode(flight), as: UTF8.self)
        #expect(try decode(pretty) == flight)
        #expect(try decode(" \t\r\n" + pretty.replacingOccurrences(of: "\n", with: "\r\n\t") + "\n ") == flight)
    }

    @Test("null and \"NA\" are both nil; year, month and day must be there")
    func nullAndNA() throws {
        let cancelled = departed("dep_time", "null").replacingOccurrences(
            of: #""dep_delay":"2""#,
            with: #""dep_delay":"NA""#
        )
        let flight = try decode(cancelled.replacingOccurrences(of: #""tailnum":"N14228""#, with: #""tailnum":null"#))
        #expect(flight.isCancelled && flight.depDelay == nil && flight.tailnum == nil)
        #expect(try decode(departed("tailnum", #""NA""#)).tailnum == nil)
        #expect(try decode(departed("time_hour", #""NA""#)).timeHourMilliseconds == nil)
        #expect(try decode(departed("tailnum", #""N\u0041""#)).tailnum == nil)
        #expect(try decode(departed("tailnum", #""na""#)).tailnum == "na")
        #expect(try decode(departed("tailnum", #""NA ""#)).tailnum == "NA ")
        #expect(try decode(#"{"year":2013,"month":1,"day":1}"#) == Flight(year: 2013, month: 1, day: 1))

        let nils = Flight(year: 2013, month: 2, day: 8)
        let bytes = try #require(try serde.serialize(nils))
        #expect(bytes == (try json.serialize(nils)))
        #expect(String(decoding: bytes, as: UTF8.self).contains(#""air_time":null,"arr_delay":null,"#))
        #expect(try serde.deserialize(bytes) == nils)

        for field in ["year", "month", "day"] {
            let message = "cannot decode Flight from JSON: field \(field) is missing or NA"
            #expect(failure(departed(field, #""NA""#)) == message)
            #expect(failure(departed(field, "null")) == message)
            #expect(failure(departed.replacingOccurrences(of: #""\#(field)":"#, with: #""x\#(field)":"#)) == message)
        }
    }

    @Test("a Kafka null is nullValue, as with the JSON serde")
    func kafkaNull() {
        #expect(throws: SerdeError(.nullValue, "")) { try serde.deserialize(nil) }
    }

    // MARK: - Strings and escapes

    @Test("every JSON escape decodes, including surrogate pairs, as JSONDecoder decodes it")
    func escapesDecode() throws {
        let escaped = #""q\"b\\s\/b\bf\fn\nr\rt\tu\u00e9\u00E9\u0000\u001f\ud83d\ude00\uD83D\uDE00\u2028""#
        let flight = try decode(departed("carrier", escaped))
        #expect(flight.carrier == "q\"b\\s/b\u{8}f\u{c}n\nr\rt\tu\u{e9}\u{e9}\u{0}\u{1f}😀😀\u{2028}")
        let reference = try JSONDecoder().decode(Flight.self, from: Data(departed("carrier", escaped).utf8))
        #expect(flight == reference)
        #expect(try decode(departed("dest", #""Z\u00fcrich 東京""#)).dest == "Zürich 東京")
        #expect(try decode(departed("dest", #""Zürich""#)).dest == "Zürich")
        #expect(try decode(departed("flight", #""\u0031\u0035""#)).flight == 15)
        #expect(try decode(#"{"y\u0065ar":"2013","month":"1","day":"1"}"#).year == 2013)
    }

    @Test("strings with every escapable byte encode as JSONEncoder encodes them and round-trip")
    func escapesEncode() throws {
        var text = String(decoding: (0..<0x20).map { UInt8($0) }, as: UTF8.self)
        text += "\"\\/\u{7f} é 😀 \u{2028}\u{feff} plain"
        let flight = Flight(year: 2013, month: 1, day: 1, carrier: text, tailnum: "/", origin: "", dest: "\\")
        let bytes = try #require(try serde.serialize(flight))
        #expect(bytes == (try json.serialize(flight)))
        #expect(String(decoding: bytes, as: UTF8.self).contains(#""tailnum":"\/""#))
        #expect(String(decoding: bytes, as: UTF8.self).contains(#"\u0000\u0001"#))
        #expect(String(decoding: bytes, as: UTF8.self).contains(#"\b\t\n\u000b\f\r"#))
        #expect(try serde.deserialize(bytes) == flight)

        let long = Flight(year: 2013, month: 1, day: 1, carrier: String(repeating: "\u{1}", count: 10_000))
        let longBytes = try #require(try serde.serialize(long))
        #expect(longBytes == (try json.serialize(long)))
        #expect(try serde.deserialize(longBytes) == long)
    }

    // MARK: - Numbers

    @Test("numbers encode as JSONEncoder writes them and round-trip exactly")
    func numbersEncode() throws {
        let doubles: [Double] = [
            0, -0.0, 1.5, -3, 0.1, 0.30000000000000004, 1e-7, .leastNonzeroMagnitude, 1e14, 999_999_999_999_999, 1e15,
            1e16,
            123_456_789_012_345_680, 1e20, 1e21, 1e22, .greatestFiniteMagnitude, -.greatestFiniteMagnitude,
            .leastNormalMagnitude, -1.2345678901234567e-300, 2_251_799_813_685_248.5,
        ]
        var generator = SystemRandomNumberGenerator()
        let random = (0..<500).map { _ in Double(bitPattern: generator.next()) }.filter(\.isFinite)
        for value in doubles + random {
            let flight = Flight(year: 1, month: 1, day: 1, depDelay: value, arrDelay: -value, airTime: value / 3)
            let bytes = try #require(try serde.serialize(flight))
            #expect(bytes == (try json.serialize(flight)), "\(value)")
            let back = try serde.deserialize(bytes)
            #expect(back.depDelay?.bitPattern == value.bitPattern, "\(value)")
            #expect(back == flight)
        }
        for value in [0, 1, -1, 9, 10, -10, 99, 100, Int.max, Int.min, Int(Int32.max), 1_000_000_000_000] {
            let flight = Flight(year: value, month: value == .min ? .max : -value, day: value / 7, flight: value)
            let bytes = try #require(try serde.serialize(flight))
            #expect(bytes == (try json.serialize(flight)), "\(value)")
            #expect(try serde.deserialize(bytes) == flight)
        }
    }

    @Test("infinite and NaN numbers cannot be encoded, as with JSONEncoder")
    func nonFinite() {
        for value in [Double.infinity, -.infinity, .nan] {
            let flight = Flight(year: 2013, month: 1, day: 1, distance: value)
            #expect(throws: SerdeError(.encodingFailed, "")) { try serde.serialize(flight) }
            #expect(throws: SerdeError(.encodingFailed, "")) { try json.serialize(flight) }
        }
    }

    @Test("numbers in strings read as Int(_:) and Double(_:) read them; JSON numbers by the JSON grammar")
    func numbersDecode() throws {
        #expect(try decode(departed("flight", #""+15""#)).flight == 15)
        #expect(try decode(departed("flight", #""-0015""#)).flight == -15)
        #expect(try decode(departed("flight", "1e2")).flight == 100)
        #expect(try decode(departed("flight", "15.0")).flight == 15)
        #expect(try decode(departed("flight", "-0")).flight == 0)
        #expect(try decode(departed("flight", "9223372036854775807")).flight == .max)
        #expect(try decode(departed("flight", #""-9223372036854775808""#)).flight == .min)
        #expect(try decode(departed("dep_delay", #""-0""#)).depDelay?.sign == .minus)
        #expect(try decode(departed("dep_delay", "-0")).depDelay?.sign == .minus)
        #expect(try decode(departed("dep_delay", #"".5""#)).depDelay == 0.5)
        #expect(try decode(departed("dep_delay", #""1e3""#)).depDelay == 1_000)
        #expect(try decode(departed("dep_delay", "-1.25E+2")).depDelay == -125)
        #expect(try decode(departed("dep_delay", #""12345678901234567890""#)).depDelay == 12_345_678_901_234_567_168)
        #expect(try decode(departed("dep_delay", "0.1")).depDelay == 0.1)
    }

    // MARK: - Malformed input

    @Test("a wrong JSON type is an error naming the field and what it holds")
    func wrongType() {
        let prefix = "cannot decode Flight from JSON: field "
        #expect(failure(departed("carrier", "12")) == prefix + "carrier holds the number 12, which is not a string")
        #expect(failure(departed("dep_time", "true")) == prefix + "dep_time holds true, which is not a whole number")
        #expect(failure(departed("dep_delay", "false")) == prefix + "dep_delay holds false, which is not a number")
        #expect(failure(departed("dep_delay", "[1]")) == prefix + "dep_delay holds an array, which is not a number")
        #expect(failure(departed("origin", #"{"a":1}"#)) == prefix + "origin holds an object, which is not a string")
        #expect(failure(Array("[]".utf8)) == "cannot decode Flight from JSON: expected a JSON object at byte 0")
        #expect(failure("null") == "cannot decode Flight from JSON: expected a JSON object at byte 0")
    }

    @Test("bad numbers are errors naming the field")
    func badNumbers() {
        let prefix = "cannot decode Flight from JSON: field "
        #expect(failure(departed("dep_delay", #""abc""#)) == prefix + "dep_delay holds 'abc', which is not a number")
        #expect(failure(departed("dep_delay", #""1 ""#)) == prefix + "dep_delay holds '1 ', which is not a number")
        #expect(failure(departed("dep_delay", #""inf""#)) == prefix + "dep_delay holds 'inf', which is not a number")
        #expect(failure(departed("dep_delay", #""""#)) == prefix + "dep_delay holds '', which is not a number")
        #expect(failure(departed("flight", #""1.5""#)) == prefix + "flight holds '1.5', which is not a whole number")
        #expect(failure(departed("flight", #""""#)) == prefix + "flight holds '', which is not a whole number")
        #expect(
            failure(departed("flight", #""9223372036854775808""#))
                == prefix + "flight holds '9223372036854775808', which is not a whole number"
        )
        #expect(
            failure(departed("flight", "1.5")) == prefix
                + "flight holds 1.5, which is not a whole number that fits in Int"
        )
        #expect(
            failure(departed("flight", "9223372036854775808"))
                == prefix + "flight holds 9223372036854775808, which is not a whole number that fits in Int"
        )
        #expect(failure(departed("distance", "1e999")) == prefix + "distance holds 1e999, which is not a finite number")
        for bad in ["01", "1.", ".5", "-", "+1", "1e", "1e+", "0x10", "-a", "1.e3"] {
            let reason = failure(departed("distance", bad))
            #expect(reason?.hasPrefix("cannot decode Flight from JSON: ") == true, "\(bad)")
            #expect((try? json.deserialize(Array(departed("distance", bad).utf8))) == nil, "\(bad)")
        }
        let long = String(repeating: "9", count: 100) + "x"
        #expect(
            failure(departed("flight", "\"\(long)\"")) == prefix
                + "flight holds '\(long.prefix(60))…', which is not a whole number"
        )
    }

    @Test("bad strings and escapes are syntax errors naming the field and the byte")
    func badStrings() {
        let prefix = "cannot decode Flight from JSON: field "
        #expect(
            failure(departed("carrier", #""\x""#))?.hasPrefix(prefix + #"carrier: invalid escape '\x' at byte"#) == true
        )
        #expect(
            failure(departed("carrier", #""\u12""#))?.hasPrefix(prefix + "carrier: expected four hexadecimal") == true
        )
        #expect(
            failure(departed("carrier", #""\u12G4""#))?.hasPrefix(prefix + "carrier: expected four hexadecimal") == true
        )
        #expect(
            failure(departed("carrier", #""\ud83d""#))?.hasPrefix(prefix + "carrier: unpaired high surrogate") == true
        )
        #expect(
            failure(departed("carrier", #""\ud83dx""#))?.hasPrefix(prefix + "carrier: unpaired high surrogate") == true
        )
        #expect(failure(departed("carrier", #""\ud83d\u0041""#))?.hasPrefix(prefix + "carrier: unpaired high") == true)
        #expect(
            failure(departed("carrier", #""\ude00""#))?.hasPrefix(prefix + "carrier: unpaired low surrogate") == true
        )
        #expect(failure(departed("carrier", "\"a\u{1}b\""))?.hasPrefix(prefix + "carrier: unescaped control") == true)
        var invalid = Array(departed("carrier", #""UA""#).utf8)
        invalid[invalid.firstIndex(of: UInt8(ascii: "U"))!] = 0xFF
        #expect(failure(invalid)?.hasPrefix(prefix + "carrier: invalid UTF-8 in a string at byte") == true)
        #expect(
            failure(departed("time_hour", #""2013-01-01 10:00""#)) == prefix
                + "time_hour holds '2013-01-01 10:00', which is not YYYY-MM-DDTHH:MM:SSZ"
        )
    }

    @Test("every truncation of a valid object, and trailing bytes, are errors")
    func truncated() throws {
        let flight = try decode(departed)
        for text in [departed, String(decoding: try #require(try serde.serialize(flight)), as: UTF8.self)] {
            let bytes = Array(text.utf8)
            for count in 0..<bytes.count {
                #expect(failure(Array(bytes[..<count])) != nil, "\(count) bytes")
            }
        }
        let end = departed.utf8.count + 1
        #expect(
            failure(departed + " x")
                == "cannot decode Flight from JSON: unexpected bytes after the object at byte \(end)"
        )
        #expect(failure(departed + "}") != nil)
        #expect(failure("") == "cannot decode Flight from JSON: expected a JSON object at byte 0")
        #expect(failure(departed.replacingOccurrences(of: #""day":"1","#, with: #""day":"1" "#)) != nil)
        #expect(failure(departed.replacingOccurrences(of: #""day":"1""#, with: #""day" "1""#)) != nil)
        #expect(failure(#"{"year":"2013",}"#) != nil)
    }

    // MARK: - Unknown and repeated keys

    @Test("unknown keys are ignored whatever they hold, but must be valid JSON; time_hour_ms is recomputed")
    func unknownKeys() throws {
        let flight = try decode(departed)
        let extra = #""note":{"a":[1,-2.5e3,true,false,null,"x\"\u00e9",{}],"b":[]},"yeat":"x","#
        #expect(try decode(departed.replacingOccurrences(of: #"{"year""#, with: "{" + extra + #""year""#)) == flight)
        #expect(try decode(departed("time_hour", #""2013-01-01T10:00:00Z","time_hour_ms":1"#)) == flight)
        #expect(try decode(departed("time_hour", #""2013-01-01T10:00:00Z","time_hour_ms":"x""#)) == flight)
        #expect(try decode(departed.replacingOccurrences(of: "\"dep_time\"", with: "\"dep_timE\"")).depTime == nil)

        for bad in [#"{"a":tru}"#, #"{"a":[1,]}"#, #"{"a":{"b"}}"#, #"{"a":"\q"}"#, #"{"a":01}"#, #"{"a":[}"#] {
            let text = departed.replacingOccurrences(of: #"{"year""#, with: #"{"extra":\#(bad),"year""#)
            #expect(failure(text) != nil, "\(bad)")
        }
        let deep = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        #expect(failure(#"{"a":\#(deep),"year":1,"month":1,"day":1}"#)?.contains("nested too deeply") == true)
    }

    @Test("when a key comes twice the first value counts, as with JSONDecoder")
    func repeatedKeys() throws {
        let text = departed.replacingOccurrences(of: #""carrier":"UA""#, with: #""carrier":"UA","carrier":"B6""#)
        #expect(try decode(text).carrier == "UA")
        #expect(try JSONDecoder().decode(Flight.self, from: Data(text.utf8)).carrier == "UA")
    }

    @Test("on tricky inputs this serde and the JSONDecoder path agree on success and on the flight")
    func agreesWithJSONDecoder() {
        let inputs = [
            departed("flight", "1e2"), departed("flight", "1.5"), departed("dep_delay", #""0x1p3""#),
            departed("dep_delay", #""nan""#), departed("carrier", #""\u0000""#), departed("carrier", #""\ud800""#),
            departed("carrier", "true"), departed("tailnum", "null"), departed("year", "2013.0"),
            departed("distance", "-0.0"), departed("hour", #""+5""#), departed("hour", #"" 5""#),
            #"{"year":1,"month":1,"day":1,"year":"x"}"#, #"{"month":1,"day":1}"#, "{}", "[]", "1", #""x""#,
            departed + "\n", "\u{feff}" + departed,
        ]
        for input in inputs {
            let bytes = Array(input.utf8)
            let ours = try? serde.deserialize(bytes)
            let theirs = try? json.deserialize(bytes)
            #expect(ours == theirs, "\(input)")
        }
    }

    // MARK: - Cost

    /// Nanoseconds per record for `body` over `records`, the best of five rounds of `rounds` passes.
    private func nanoseconds(_ records: [[UInt8]], rounds: Int, _ body: ([UInt8]) throws -> Int) rethrows -> Double {
        var best = Double.infinity
        var sink = 0
        for _ in 0..<5 {
            let start = ContinuousClock.now
            for _ in 0..<rounds {
                for record in records {
                    sink &+= try body(record)
                }
            }
            let elapsed = ContinuousClock.now - start
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            best = min(best, seconds * 1e9 / Double(records.count * rounds))
        }
        #expect(sink != 0)
        return best
    }

    @Test(
        "cost per record of decoding a loaded row and encoding it, this serde against the JSON one",
        .enabled(if: ProcessInfo.processInfo.environment["SLUICE_SERDE_COST"] != nil)
    )
    func cost() throws {
        let (header, rows) = try FlightFixtures.rows("flights-slice.csv")
        let loaded = rows.map { Array(FlightFixtures.object($0, header: header)) }
        let flights = try loaded.map { try serde.deserialize($0) }
        let typed = try flights.map { try #require(try serde.serialize($0)) }
        for (name, candidate, rounds) in [("FlightSerde", serde, 100), ("json(Flight.self)", json, 5)] {
            let decodeLoaded = try nanoseconds(loaded, rounds: rounds) { try candidate.deserialize($0).day }
            let decodeTyped = try nanoseconds(typed, rounds: rounds) { try candidate.deserialize($0).day }
            var index = 0
            let encode = try nanoseconds(typed, rounds: rounds) { _ in
                index = index == flights.count - 1 ? 0 : index + 1
                return try candidate.serialize(flights[index])!.count
            }
            let both = try nanoseconds(loaded, rounds: rounds) {
                try candidate.serialize(candidate.deserialize($0))!.count
            }
            let line =
                "\(name): decode loaded \(Int(decodeLoaded)) ns, decode typed \(Int(decodeTyped)) ns, "
                + "encode \(Int(encode)) ns, decode loaded + encode \(Int(both)) ns per record"
            print(line)
        }
    }
}
