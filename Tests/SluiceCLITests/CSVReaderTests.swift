import Testing

@testable import SluiceCLI

@Suite("CSV reader")
struct CSVReaderTests {
    private func read(_ text: String) throws -> (header: [String], rows: [CSVRow]) {
        let directory = try TemporaryDirectory()
        let path = try directory.write("input.csv", text)
        let reader = try CSVReader(source: try FileByteSource(path: path))
        return (reader.header, try reader.readAll())
    }

    @Test("plain rows come back as fields with their line numbers")
    func plainRows() throws {
        let (header, rows) = try read("a,b,c\n1,2,3\n4,,6\n")
        #expect(header == ["a", "b", "c"])
        #expect(rows.map(\.fields) == [["1", "2", "3"], ["4", "", "6"]])
        #expect(rows.map(\.lineNumber) == [2, 3])
    }

    @Test("quoted fields keep commas, doubled quotes and line breaks")
    func quoting() throws {
        let (_, rows) = try read("name,note\n\"Smith, J\",\"said \"\"hi\"\"\"\n\"multi\nline\",x\nlast,\"\"\n")
        #expect(rows.map(\.fields) == [["Smith, J", "said \"hi\""], ["multi\nline", "x"], ["last", ""]])
        #expect(rows.map(\.lineNumber) == [2, 3, 5])
    }

    @Test("CRLF line endings are stripped, inside quotes they are kept")
    func crlf() throws {
        let (header, rows) = try read("a,b\r\n1,2\r\n\"x\r\ny\",3\r\n")
        #expect(header == ["a", "b"])
        #expect(rows.map(\.fields) == [["1", "2"], ["x\r\ny", "3"]])
    }

    @Test("a last row without a line break, a byte order mark and blank lines are handled")
    func edges() throws {
        let (header, rows) = try read("\u{FEFF}a,b\n\n1,2\n\n3,4")
        #expect(header == ["a", "b"])
        #expect(rows.map(\.fields) == [["1", "2"], ["3", "4"]])
        #expect(rows.map(\.lineNumber) == [3, 5])
    }

    @Test("a row with the wrong number of fields is an error naming its line")
    func wrongFieldCount() throws {
        #expect {
            _ = try read("a,b,c\n1,2,3\n4,5\n")
        } throws: { error in
            guard let error = error as? InputError else { return false }
            return error.line == 3 && error.description == "line 3: expected 3 fields as in the header, found 2"
        }
    }

    @Test("an unclosed quote and text after a closing quote are errors naming the line")
    func badQuoting() throws {
        #expect {
            _ = try read("a,b\n1,2\n\"open,3\n")
        } throws: { error in
            (error as? InputError)?.line == 3 && (error as? InputError) == .malformedRow("", line: 0)
        }
        #expect {
            _ = try read("a,b\n\"x\"y,2\n")
        } throws: { error in
            (error as? InputError)?.line == 2
        }
    }

    @Test("an empty file has no header and is an error")
    func emptyFile() throws {
        #expect(throws: InputError.malformedRow("", line: 1)) {
            _ = try read("")
        }
    }

    @Test("records spanning the reader's 1 MiB buffer boundary and longer than it are read whole")
    func largeRecords() throws {
        let long = String(repeating: "x", count: 3 << 20)
        var text = "a,b\n"
        for index in 0..<40_000 {
            text += "\(index),\"value \(index), quoted\"\n"
        }
        text += "big,\"\(long)\"\n"
        let (_, rows) = try read(text)
        #expect(rows.count == 40_001)
        #expect(rows[39_999].fields == ["39999", "value 39999, quoted"])
        #expect(rows[40_000][1].utf8.count == 3 << 20)
    }
}
