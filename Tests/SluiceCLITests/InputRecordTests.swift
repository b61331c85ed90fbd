import Foundation
import Testing

@testable import SluiceCLI

@Suite("Input records")
struct InputRecordTests {
    @Test("a CSV row becomes a JSON object of its cells as strings, verbatim, keys in header order")
    func objectEncoding() throws {
        let encoder = CSVObjectEncoder(header: ["year", "tailnum", "note", "q\"k"])
        let row = CSVRow(["2013", "NA", "say \"hi\"\\\n\t\u{01} ünïcode", ""], lineNumber: 2)
        let json = String(decoding: encoder.encode(row), as: UTF8.self)
        #expect(
            json == #"{"year":"2013","tailnum":"NA","note":"say \"hi\"\\\n\t\u0001 ünïcode","q\"k":""}"#
        )

        let parsed = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: String]
        #expect(parsed == ["year": "2013", "tailnum": "NA", "note": "say \"hi\"\\\n\t\u{01} ünïcode", "q\"k": ""])
    }

    @Test("the key field gives the key; empty and NA give a null key")
    func keys() throws {
        let builder = try CSVRecordBuilder(header: ["id", "tailnum"], keyField: "tailnum", timestampField: nil)
        #expect(try builder.record(from: CSVRow(["1", "N14228"], lineNumber: 2)).key == Array("N14228".utf8))
        #expect(try builder.record(from: CSVRow(["2", "NA"], lineNumber: 3)).key == nil)
        #expect(try builder.record(from: CSVRow(["3", ""], lineNumber: 4)).key == nil)
        #expect(try builder.record(from: CSVRow(["4", "NAN"], lineNumber: 5)).key == Array("NAN".utf8))
    }

    @Test("the timestamp field is parsed to milliseconds; a bad one is an error naming the line")
    func timestamps() throws {
        let builder = try CSVRecordBuilder(header: ["id", "at"], keyField: nil, timestampField: "at")
        let record = try builder.record(from: CSVRow(["1", "2013-01-01T10:00:00Z"], lineNumber: 2))
        #expect(record.timestampMilliseconds == 1_357_034_400_000)
        #expect(record.key == nil)
        #expect(
            try builder.record(from: CSVRow(["2", "1357034400000"], lineNumber: 3)).timestampMilliseconds
                == 1_357_034_400_000
        )
        #expect {
            _ = try builder.record(from: CSVRow(["3", "yesterday"], lineNumber: 7))
        } throws: { error in
            (error as? InputError) == .invalidTimestamp("", line: 0) && (error as? InputError)?.line == 7
        }
    }

    @Test("a key or timestamp field missing from the header is a clear error")
    func missingField() throws {
        #expect {
            _ = try CSVRecordBuilder(header: ["year", "month"], keyField: "tailnum", timestampField: nil)
        } throws: { error in
            "\(error)" == "the key field 'tailnum' is not in the header (year, month)"
        }
        #expect(throws: InputError.missingField("")) {
            _ = try CSVRecordBuilder(header: ["year"], keyField: nil, timestampField: "time_hour")
        }
    }

    @Test("JSON lines keep their bytes as the value, skip blank lines, and read key and timestamp")
    func jsonLines() throws {
        let directory = try TemporaryDirectory()
        let path = try directory.write(
            "events.jsonl",
            #"{"id":"a","at":"2013-01-01T10:00:00Z"}"# + "\r\n\n  \n"
                + #"{"id":7,"at":1357034400001}"# + "\n" + #"{"at":0,"id":"NA"}"#
        )
        let reader = try InputRecordReader(path: path, keyField: "id", timestampField: "at")
        #expect(reader.file.format == .jsonLines)
        var records: [InputRecord] = []
        while let record = try reader.next() {
            records.append(record)
        }
        #expect(records.map(\.lineNumber) == [1, 4, 5])
        #expect(records[0].value == Array("{\"id\":\"a\",\"at\":\"2013-01-01T10:00:00Z\"}".utf8))
        #expect(records.map(\.key) == [Array("a".utf8), Array("7".utf8), nil])
        #expect(records.map(\.timestampMilliseconds) == [1_357_034_400_000, 1_357_034_400_001, 0])
    }

    @Test("a JSON line that is not an object is an error naming the line")
    func badJSONLine() throws {
        let directory = try TemporaryDirectory()
        let path = try directory.write("events.ndjson", "{\"a\":1}\n{\"a\":\n[1]\n")
        let reader = try InputRecordReader(path: path, keyField: nil, timestampField: nil)
        #expect(try reader.next()?.lineNumber == 1)
        #expect {
            _ = try reader.next()
        } throws: { error in
            (error as? InputError)?.line == 2 && "\(error)".hasPrefix("line 2: not valid JSON")
        }
    }

    @Test("a CSV file is read end to end into records with keys, timestamps and JSON values")
    func csvFile() throws {
        let directory = try TemporaryDirectory()
        let path = try directory.write(
            "flights.csv.gz",
            ArchiveBuilder.gzip(Array("tailnum,time_hour\nN1,2013-01-01T10:00:00Z\nNA,2013-01-01T11:00:00Z\n".utf8))
        )
        let reader = try InputRecordReader(path: path, keyField: "tailnum", timestampField: "time_hour")
        #expect(reader.header == ["tailnum", "time_hour"])
        let first = try #require(try reader.next())
        let second = try #require(try reader.next())
        #expect(try reader.next() == nil)
        #expect(first.key == Array("N1".utf8))
        #expect(second.key == nil)
        #expect(second.value == Array(#"{"tailnum":"NA","time_hour":"2013-01-01T11:00:00Z"}"#.utf8))
        #expect(second.timestampMilliseconds == 1_357_038_000_000)
    }
}
