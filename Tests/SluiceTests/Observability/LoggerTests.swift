import Foundation
import Testing

@testable import Sluice

@Suite("Logger")
struct LoggerTests {
    @Test("entries below the logger's level are dropped without evaluating the message")
    func levelFilter() {
        let handler = InMemoryLogHandler()
        var logger = Logger(label: "test", handler: handler)
        #expect(logger.logLevel == .info)

        var evaluated = 0
        func message(_ text: String) -> String {
            evaluated += 1
            return text
        }
        logger.trace(message("trace"))
        logger.debug(message("debug"))
        logger.info(message("info"))
        logger.notice(message("notice"))
        logger.warning(message("warning"))
        logger.error(message("error"))
        logger.critical(message("critical"))
        #expect(handler.messages == ["info", "notice", "warning", "error", "critical"])
        #expect(evaluated == 5)

        logger.logLevel = .trace
        logger.trace("now visible")
        #expect(handler.entries.last?.level == .trace)
        #expect(handler.entries.last?.label == "test")
    }

    @Test("levels are ordered, named and mapped from syslog severities")
    func levels() {
        #expect(
            Logger.Level.allCases.map(\.description) == [
                "trace", "debug", "info", "notice", "warning", "error", "critical",
            ]
        )
        #expect(Logger.Level.trace < .debug && .error < .critical)
        #expect(Logger.Level(name: "warning") == .warning)
        #expect(Logger.Level(name: "loud") == nil)
        #expect(Logger.Level(syslogLevel: 0) == .critical)
        #expect(Logger.Level(syslogLevel: 3) == .error)
        #expect(Logger.Level(syslogLevel: 4) == .warning)
        #expect(Logger.Level(syslogLevel: 6) == .info)
        #expect(Logger.Level(syslogLevel: 7) == .debug)
    }

    @Test("logger metadata is attached to every entry and call metadata wins on equal keys")
    func metadataMerge() {
        let handler = InMemoryLogHandler()
        var logger = Logger(label: "test", handler: handler)
        logger[metadataKey: LogKey.applicationID] = "flights"
        logger[metadataKey: LogKey.partition] = 1
        #expect(logger[metadataKey: LogKey.applicationID] == "flights")

        logger.info("assigned", metadata: [LogKey.partition: 7, LogKey.topic: "arrivals"])
        logger.info("plain")

        let entries = handler.entries
        #expect(
            entries[0].metadata == [LogKey.applicationID: "flights", LogKey.partition: 7, LogKey.topic: "arrivals"]
        )
        #expect(entries[1].metadata == [LogKey.applicationID: "flights", LogKey.partition: 1])
        #expect(entries[0].file.hasSuffix("LoggerTests.swift"))
        #expect(entries[0].line > 0)
    }

    @Test("metadata values keep their type and print plainly")
    func metadataValues() {
        let offset: Int64 = 42
        let values: [Logger.MetadataValue] = ["text", "offset \(offset)", 3, 1.5, true, .init(Int32(9))]
        #expect(values == [.string("text"), .string("offset 42"), .int(3), .double(1.5), .bool(true), .int(9)])
        #expect(values.map(\.description) == ["text", "offset 42", "3", "1.5", "true", "9"])
    }

    @Test("the disabled logger writes nothing and evaluates nothing")
    func disabled() {
        let logger = Logger.disabled
        var evaluated = false
        logger.critical(
            {
                evaluated = true; return "x"
            }()
        )
        #expect(!evaluated)
        #expect(!logger.isEnabled(.critical))
    }

    @Test("the in-memory handler is safe under concurrent logging")
    func concurrentInMemory() async {
        let handler = InMemoryLogHandler()
        let logger = Logger(label: "test", handler: handler)
        await withTaskGroup(of: Void.self) { group in
            for worker in 0..<8 {
                group.addTask {
                    for index in 0..<250 {
                        logger.info("entry", metadata: ["worker": .init(worker), "index": .init(index)])
                    }
                }
            }
        }
        #expect(handler.entries.count == 2000)
        handler.removeAll()
        #expect(handler.entries.isEmpty)
    }
}
