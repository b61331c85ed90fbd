import Foundation
import Sluice
import Testing

@Suite("Serdes")
struct SerdeTests {
    struct Reading: Codable, Equatable {
        var station: String
        var celsius: Double
        var note: String?
    }

    struct Celsius: SerdeProtocol {
        func serialize(_ value: Double) throws -> [UInt8]? {
            Array(String(value).utf8)
        }

        func deserialize(_ bytes: [UInt8]?) throws -> Double {
            guard let value = Double(try Serde<String>.string.deserialize(bytes)) else {
                throw SerdeError(.invalidValue, "not a number")
            }
            return value
        }
    }

    @Test("bytes pass through unchanged, empty stays empty")
    func bytesRoundTrip() throws {
        let serde = Serde<[UInt8]>.bytes
        #expect(try serde.serialize([0, 255, 7]) == [0, 255, 7])
        #expect(try serde.deserialize([0, 255, 7]) == [0, 255, 7])
        #expect(try serde.deserialize([]) == [])
    }

    @Test("strings round-trip as UTF-8, including non-ASCII text")
    func stringRoundTrip() throws {
        let serde = Serde<String>.string
        for text in ["", "JFK", "Zürich ✈︎ 東京"] {
            let bytes = try #require(try serde.serialize(text))
            #expect(bytes == Array(text.utf8))
            #expect(try serde.deserialize(bytes) == text)
        }
    }

    @Test("invalid UTF-8 throws invalidUTF8")
    func invalidUTF8() {
        #expect(throws: SerdeError(.invalidUTF8, "")) {
            try Serde<String>.string.deserialize([0x66, 0xff, 0xfe])
        }
    }

    @Test("Int32 is 4 big-endian bytes, as Java's IntegerSerializer writes it")
    func int32Layout() throws {
        let serde = Serde<Int32>.int32
        #expect(try serde.serialize(1) == [0, 0, 0, 1])
        #expect(try serde.serialize(-1) == [0xff, 0xff, 0xff, 0xff])
        #expect(try serde.serialize(0x0102_0304) == [1, 2, 3, 4])
        #expect(try serde.serialize(.min) == [0x80, 0, 0, 0])
        for value: Int32 in [0, 1, -1, .max, .min, 123_456_789] {
            #expect(try serde.deserialize(serde.serialize(value)) == value)
        }
    }

    @Test("Int64 is 8 big-endian bytes, as Java's LongSerializer writes it")
    func int64Layout() throws {
        let serde = Serde<Int64>.int64
        #expect(try serde.serialize(1) == [0, 0, 0, 0, 0, 0, 0, 1])
        #expect(try serde.serialize(0x0102_0304_0506_0708) == [1, 2, 3, 4, 5, 6, 7, 8])
        #expect(try serde.serialize(-2) == [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfe])
        for value: Int64 in [0, 1, -1, .max, .min, 1_356_998_400_000] {
            #expect(try serde.deserialize(serde.serialize(value)) == value)
        }
    }

    @Test("integers of the wrong length throw wrongLength", arguments: [0, 3, 5, 8])
    func int32WrongLength(count: Int) {
        #expect(throws: SerdeError(.wrongLength, "")) {
            try Serde<Int32>.int32.deserialize(Array(repeating: 1, count: count))
        }
    }

    @Test("Int64 of the wrong length throws wrongLength and names both lengths")
    func int64WrongLength() {
        let error = #expect(throws: SerdeError.self) {
            try Serde<Int64>.int64.deserialize([1, 2, 3, 4])
        }
        #expect(error?.code == .wrongLength)
        #expect(error?.description == "wrongLength: expected 8 bytes for Int64, got 4")
    }

    @Test("a null where a value is expected throws nullValue naming the type")
    func nullThrows() {
        let error = #expect(throws: SerdeError.self) {
            try Serde<String>.string.deserialize(nil)
        }
        #expect(error?.code == .nullValue)
        #expect(error?.description == "nullValue: null value where String was expected")
        #expect(throws: SerdeError(.nullValue, "")) { try Serde<[UInt8]>.bytes.deserialize(nil) }
        #expect(throws: SerdeError(.nullValue, "")) { try Serde<Int32>.int32.deserialize(nil) }
        #expect(throws: SerdeError(.nullValue, "")) { try Serde<Int64>.int64.deserialize(nil) }
        #expect(throws: SerdeError(.nullValue, "")) { try Serde<Reading>.json(Reading.self).deserialize(nil) }
    }

    @Test("optional turns null into nil and nil into null, and keeps empty distinct from null")
    func optionalNulls() throws {
        let serde = Serde<String?>.optional(.string)
        #expect(try serde.deserialize(nil) == nil)
        #expect(try serde.serialize(nil) == nil)
        #expect(try serde.deserialize([]) == "")
        #expect(try serde.serialize("") == [])
        #expect(try serde.deserialize(Array("EWR".utf8)) == "EWR")
        #expect(throws: SerdeError(.invalidUTF8, "")) { try serde.deserialize([0xc3]) }
    }

    @Test("JSON round-trips a Codable value and writes sorted keys")
    func jsonRoundTrip() throws {
        let serde = Serde<Reading>.json(Reading.self)
        let reading = Reading(station: "JFK", celsius: 21.5, note: nil)
        let bytes = try #require(try serde.serialize(reading))
        #expect(String(decoding: bytes, as: UTF8.self) == #"{"celsius":21.5,"station":"JFK"}"#)
        #expect(try serde.deserialize(bytes) == reading)
    }

    @Test("JSON with a missing field throws decodingFailed naming the field")
    func jsonMissingField() {
        let error = #expect(throws: SerdeError.self) {
            try Serde<Reading>.json(Reading.self).deserialize(Array(#"{"station":"LGA"}"#.utf8))
        }
        #expect(error?.code == .decodingFailed)
        #expect(error?.detail.contains("missing field 'celsius'") == true)
    }

    @Test("JSON with a wrong type or bad syntax throws decodingFailed")
    func jsonBadInput() {
        let serde = Serde<Reading>.json(Reading.self)
        #expect(throws: SerdeError(.decodingFailed, "")) {
            try serde.deserialize(Array(#"{"station":"LGA","celsius":"warm"}"#.utf8))
        }
        #expect(throws: SerdeError(.decodingFailed, "")) { try serde.deserialize(Array("{not json".utf8)) }
        #expect(throws: SerdeError(.decodingFailed, "")) { try serde.deserialize([]) }
    }

    @Test("a SerdeProtocol type becomes a Serde")
    func customSerde() throws {
        let serde = Serde<Double>.custom(Celsius())
        #expect(try serde.deserialize(serde.serialize(-3.25)) == -3.25)
        #expect(throws: SerdeError(.invalidValue, "")) { try serde.deserialize(Array("warm".utf8)) }
        let viaInit = Serde(Celsius())
        #expect(try viaInit.deserialize(Array("4".utf8)) == 4)
    }

    @Test("serde errors compare by code only")
    func errorEquality() {
        #expect(SerdeError(.wrongLength, "a") == SerdeError(.wrongLength, "b"))
        #expect(SerdeError(.wrongLength, "a") != SerdeError(.nullValue, "a"))
    }
}
