import Foundation
import Testing

@testable import SluiceCLI

@Suite("Compressed input")
struct CompressedInputTests {
    private static let csv = Array("id,name\n1,\"a, b\"\n2,NA\n".utf8)

    private func rows(at path: String) throws -> [[String]] {
        let file = try InputFile(path: path)
        let reader = try CSVReader(source: file.source)
        return try reader.readAll().map(\.fields)
    }

    @Test("gzip files are detected by content and decompressed")
    func gzip() throws {
        let directory = try TemporaryDirectory()
        let path = try directory.write("data.csv.gz", ArchiveBuilder.gzip(Self.csv))
        #expect(try InputFile(path: path).compression == .gzip)
        #expect(try rows(at: path) == [["1", "a, b"], ["2", "NA"]])
    }

    @Test("concatenated gzip members read as one stream, like gzip -d")
    func gzipMembers() throws {
        let directory = try TemporaryDirectory()
        let first = ArchiveBuilder.gzip(Array("id,name\n1,x\n".utf8))
        let second = ArchiveBuilder.gzip(Array("2,y\n".utf8))
        let path = try directory.write("data.gz", first + second)
        #expect(try rows(at: path) == [["1", "x"], ["2", "y"]])
    }

    @Test("a truncated gzip file is an error, not a short read")
    func truncatedGzip() throws {
        let directory = try TemporaryDirectory()
        let whole = ArchiveBuilder.gzip(Array(String(repeating: "id,name\n1,x\n", count: 500).utf8))
        let path = try directory.write("cut.gz", Array(whole.prefix(whole.count / 2)))
        #expect(throws: InputError.corruptData("")) {
            _ = try rows(at: path)
        }
    }

    @Test("zip entries, deflated or stored, are read through the central directory")
    func zip() throws {
        let directory = try TemporaryDirectory()
        let deflated = try directory.write("a.zip", ArchiveBuilder.zip([.init(name: "data.csv", content: Self.csv)]))
        let stored = try directory.write(
            "b.zip",
            ArchiveBuilder.zip([.init(name: "data.csv", content: Self.csv, deflated: false)])
        )
        #expect(try InputFile(path: deflated).compression == .zip)
        #expect(try rows(at: deflated) == [["1", "a, b"], ["2", "NA"]])
        #expect(try rows(at: stored) == [["1", "a, b"], ["2", "NA"]])
    }

    @Test("the first file entry of a zip is read, directories skipped; its name sets the format")
    func zipFirstFile() throws {
        let directory = try TemporaryDirectory()
        let path = try directory.write(
            "data.zip",
            ArchiveBuilder.zip([
                .init(name: "folder/", content: [], deflated: false),
                .init(name: "folder/events.jsonl", content: Array("{\"a\":1}\n".utf8)),
                .init(name: "other.csv", content: Self.csv),
            ])
        )
        let file = try InputFile(path: path)
        #expect(file.format == .jsonLines)
        #expect(try JSONLinesReader(source: file.source).next()?.bytes == Array("{\"a\":1}".utf8))
    }

    @Test("encrypted zip entries are refused with a clear error")
    func zipEncrypted() throws {
        let directory = try TemporaryDirectory()
        let path = try directory.write(
            "secret.zip",
            ArchiveBuilder.zip([.init(name: "data.csv", content: Self.csv, flags: 1)])
        )
        #expect {
            _ = try InputFile(path: path)
        } throws: { error in
            (error as? InputError) == .unsupportedArchive("") && "\(error)".contains("encrypted")
        }
    }

    @Test("a zip entry whose bytes do not match the recorded CRC-32 is an error")
    func zipCorrupt() throws {
        let directory = try TemporaryDirectory()
        var archive = ArchiveBuilder.zip([.init(name: "data.csv", content: Self.csv, deflated: false)])
        archive[30 + "data.csv".utf8.count] ^= 0x01
        let path = try directory.write("bad.zip", archive)
        #expect(throws: InputError.corruptData("")) {
            _ = try rows(at: path)
        }
    }

    @Test("a missing file is an error naming it")
    func missingFile() throws {
        #expect {
            _ = try InputFile(path: "/nonexistent/flights.csv")
        } throws: { error in
            (error as? InputError) == .cannotOpen("") && "\(error)".contains("/nonexistent/flights.csv")
        }
    }

    @Test("zip64 placeholders without a zip64 record are refused as damage")
    func zip64WithoutRecord() throws {
        let directory = try TemporaryDirectory()
        var archive = ArchiveBuilder.zip([.init(name: "data.csv", content: Self.csv)])
        // Mark the central directory's offset as "see the zip64 record", as zip64 writers do.
        for index in (archive.count - 6)..<(archive.count - 2) {
            archive[index] = 0xFF
        }
        let path = try directory.write("big.zip", archive)
        #expect {
            _ = try InputFile(path: path)
        } throws: { error in
            (error as? InputError) == .corruptData("") && "\(error)".contains("zip64")
        }
    }

    @Test(
        "archives made by the system gzip and zip tools (zip64 when streamed) read back",
        .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/zip"))
    )
    func systemTools() throws {
        let directory = try TemporaryDirectory()
        let plain = try directory.write("data.csv", Self.csv)
        let shell = Process()
        shell.executableURL = URL(fileURLWithPath: "/bin/sh")
        shell.arguments = [
            "-c",
            "gzip -c data.csv > data.csv.gz && zip -q streamed.zip - < data.csv && zip -q -X named.zip data.csv"
                + " && zip -q -fz forced64.zip data.csv",
        ]
        shell.currentDirectoryURL = directory.url
        try shell.run()
        shell.waitUntilExit()
        #expect(shell.terminationStatus == 0)

        let expected = try rows(at: plain)
        for name in ["data.csv.gz", "streamed.zip", "named.zip", "forced64.zip"] {
            #expect(try rows(at: directory.url.appendingPathComponent(name).path) == expected, "\(name)")
        }
    }
}
