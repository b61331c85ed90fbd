import Foundation
import Testing

@testable import Sluice

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

@Suite("JSON lines log handler")
struct JSONLinesLogHandlerTests {
    private func parse(_ bytes: [UInt8]) throws -> [String: Any] {
        #expect(bytes.last == UInt8(ascii: "\n"))
        #expect(bytes.dropLast().contains(UInt8(ascii: "\n")) == false)
        let object = try JSONSerialization.jsonObject(with: Data(bytes.dropLast()))
        return try #require(object as? [String: Any])
    }

    @Test("a line holds the fixed fields first, then the metadata in key order")
    func exactLine() {
        let entry = LogEntry(
            time: Date(timeIntervalSince1970: 1_796_403_600.125),
            level: .warning,
            label: "sluice.runtime",
            message: "transaction aborted",
            metadata: [LogKey.partition: 3, LogKey.topic: "arrivals", "ok": false, "seconds": 0.25]
        )
        let line = String(decoding: JSONLinesLogHandler.line(for: entry), as: UTF8.self)
        #expect(
            line == """
                {"time":"2026-12-04T17:00:00.125Z","level":"warning","logger":"sluice.runtime",\
                "message":"transaction aborted","kafka.partition":3,"kafka.topic":"arrivals","ok":false,\
                "seconds":0.25}

                """
        )
    }

    @Test("quotes, backslashes, control characters and unicode survive a round trip through JSONSerialization")
    func escaping() throws {
        let tricky = "say \"hi\"\\ \n\r\t\u{01}\u{1F} é 漢字 🚀 \u{2028}\u{2029} end"
        let entry = LogEntry(
            level: .error,
            label: "a\"b",
            message: tricky,
            metadata: [LogKey.error: .string(tricky), "key \"quoted\"\n": 1]
        )
        let bytes = JSONLinesLogHandler.line(for: entry)
        let object = try parse(bytes)
        #expect(object["message"] as? String == tricky)
        #expect(object["logger"] as? String == "a\"b")
        #expect(object[LogKey.error] as? String == tricky)
        #expect(object["key \"quoted\"\n"] as? Int == 1)
        #expect(object["level"] as? String == "error")
    }

    @Test("numbers, booleans and non-finite doubles are typed JSON values")
    func valueTypes() throws {
        let entry = LogEntry(
            level: .info,
            label: "t",
            message: "m",
            metadata: [
                "int": .int(Int64.min), "double": 1e-7, "bool": true, "nan": .double(.nan),
                "inf": .double(.infinity), "ninf": .double(-.infinity),
            ]
        )
        let object = try parse(JSONLinesLogHandler.line(for: entry))
        #expect((object["int"] as? NSNumber)?.int64Value == Int64.min)
        #expect(object["double"] as? Double == 1e-7)
        #expect(object["bool"] as? Bool == true)
        #expect(object["nan"] as? String == "NaN")
        #expect(object["inf"] as? String == "+Inf")
        #expect(object["ninf"] as? String == "-Inf")
    }

    @Test("metadata named like a fixed field is moved aside instead of shadowing it")
    func reservedKeys() throws {
        let entry = LogEntry(level: .info, label: "t", message: "real", metadata: ["message": "fake", "time": 1])
        let object = try parse(JSONLinesLogHandler.line(for: entry, includeSource: true))
        #expect(object["message"] as? String == "real")
        #expect(object["metadata.message"] as? String == "fake")
        #expect(object["metadata.time"] as? Int == 1)
        #expect((object["source"] as? String)?.contains("JSONLinesLogHandlerTests.swift:") == true)
    }

    @Test("timestamps are UTC with milliseconds, before and after the epoch and on leap days")
    func timestamps() {
        #expect(UTCTimestamp.string(Date(timeIntervalSince1970: 0)) == "1970-01-01T00:00:00.000Z")
        #expect(UTCTimestamp.string(Date(timeIntervalSince1970: -0.001)) == "1969-12-31T23:59:59.999Z")
        #expect(UTCTimestamp.string(Date(timeIntervalSince1970: 951_782_400)) == "2000-02-29T00:00:00.000Z")
        #expect(UTCTimestamp.string(Date(timeIntervalSince1970: 4_107_542_399.5)) == "2100-02-28T23:59:59.500Z")

        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        for seconds in stride(from: -2_000_000_000.0, to: 5_000_000_000.0, by: 86_399_999.937) {
            let date = Date(timeIntervalSince1970: (seconds * 1000).rounded(.down) / 1000)
            #expect(UTCTimestamp.string(date) == formatter.string(from: date))
        }
    }

    @Test("the handler writes whole lines to a file descriptor, also from many threads")
    func writesLines() async throws {
        var fds: [Int32] = [0, 0]
        #expect(pipe(&fds) == 0)
        defer { close(fds[0]) }

        let handler = JSONLinesLogHandler(fileDescriptor: fds[1])
        let logger = Logger(label: "pipe", handler: handler)
        let padding = String(repeating: "x", count: 300)

        // Read concurrently so the writers never block on a full pipe.
        let reader = Thread.detachedReader(fileDescriptor: fds[0])
        await withTaskGroup(of: Void.self) { group in
            for worker in 0..<4 {
                group.addTask {
                    for index in 0..<100 {
                        logger.info("line \(padding)", metadata: ["worker": .init(worker), "index": .init(index)])
                    }
                }
            }
        }
        close(fds[1])
        let output = await reader.value

        let lines = output.split(separator: UInt8(ascii: "\n"))
        #expect(lines.count == 400)
        for line in lines {
            let object = try JSONSerialization.jsonObject(with: Data(line)) as? [String: Any]
            #expect(object?["logger"] as? String == "pipe")
        }
    }
}

extension Thread {
    /// Reads a file descriptor to its end on a dedicated thread.
    fileprivate static func detachedReader(fileDescriptor: Int32) -> Task<[UInt8], Never> {
        let (stream, continuation) = AsyncStream.makeStream(of: [UInt8].self)
        Thread.detachNewThread {
            var output: [UInt8] = []
            var buffer = [UInt8](repeating: 0, count: 65_536)
            while true {
                let count = read(fileDescriptor, &buffer, buffer.count)
                if count <= 0 { break }
                output.append(contentsOf: buffer[0..<count])
            }
            continuation.yield(output)
            continuation.finish()
        }
        return Task {
            var result: [UInt8] = []
            for await chunk in stream { result = chunk }
            return result
        }
    }
}
