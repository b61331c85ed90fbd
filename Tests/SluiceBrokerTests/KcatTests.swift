import Foundation
import SluiceBroker
import Testing

/// Produce, consume, metadata and offset queries with kcat (librdkafka 2.0.2).
@Suite("kcat", .serialized, .enabled(if: FileManager.default.isExecutableFile(atPath: ExternalProcess.kcat)))
struct KcatTests {
    static let kcat = ExternalProcess.kcat

    @Test("records with keys and headers round-trip through an auto-created topic")
    func produceConsume() throws {
        try TestBroker.with { broker in
            let bootstrap = broker.bootstrapServers
            let input = (0..<50).map { "key-\($0):value-\($0)" }.joined(separator: "\n") + "\n"
            let produced = try ExternalProcess.run(
                Self.kcat,
                ["-b", bootstrap, "-P", "-t", "kcat", "-K:", "-H", "source=kcat", "-H", "kind=test"],
                input: input
            )
            #expect(produced.status == 0, "\(produced.standardError)")

            let consumed = try ExternalProcess.run(
                Self.kcat,
                ["-b", bootstrap, "-C", "-t", "kcat", "-e", "-q", "-f", "%o|%k|%s|%h\n"]
            )
            #expect(consumed.status == 0, "\(consumed.standardError)")
            let lines = consumed.standardOutput.split(separator: "\n").map(String.init)
            #expect(lines.count == 50)
            #expect(lines.first == "0|key-0|value-0|source=kcat,kind=test")
            #expect(lines.last == "49|key-49|value-49|source=kcat,kind=test")
        }
    }

    @Test("metadata lists topics created in-process and by CreateTopics' default partitions")
    func metadata() throws {
        try TestBroker.with { broker in
            try broker.createTopic("four", partitions: 4)
            #expect(throws: BrokerError.self) { try broker.createTopic("four", partitions: 4) }
            let listed = try ExternalProcess.run(Self.kcat, ["-b", broker.bootstrapServers, "-L", "-J"])
            #expect(listed.status == 0)
            let json = try JSONSerialization.jsonObject(with: Data(listed.standardOutput.utf8)) as? [String: Any]
            let topics = json?["topics"] as? [[String: Any]] ?? []
            let four = topics.first { $0["topic"] as? String == "four" }
            #expect((four?["partitions"] as? [Any])?.count == 4)
            let brokers = json?["brokers"] as? [[String: Any]] ?? []
            #expect(brokers.first?["name"] as? String == broker.bootstrapServers)
        }
    }

    @Test("a balanced kcat consumer group reads everything and commits")
    func groupConsumer() throws {
        try TestBroker.with { broker in
            try broker.createTopic("grouped", partitions: 3)
            let input = (0..<30).map { "k\($0):v\($0)" }.joined(separator: "\n") + "\n"
            let produced = try ExternalProcess.run(
                Self.kcat,
                ["-b", broker.bootstrapServers, "-P", "-t", "grouped", "-K:"],
                input: input
            )
            #expect(produced.status == 0)
            let consumed = try ExternalProcess.run(
                Self.kcat,
                [
                    "-b", broker.bootstrapServers, "-G", "kcat-group", "-o", "beginning", "-e", "-q", "-f", "%s\n",
                    "-X", "session.timeout.ms=6000", "grouped",
                ],
                timeout: .seconds(60)
            )
            #expect(consumed.status == 0, "\(consumed.standardError)")
            #expect(Set(consumed.standardOutput.split(separator: "\n")).count == 30)
        }
    }

    @Test("compressed batches are stored and served unchanged", arguments: ["gzip", "snappy", "lz4", "zstd"])
    func compression(codec: String) throws {
        try TestBroker.with { broker in
            let input =
                (0..<200).map { "key-\($0):value-\($0)-" + String(repeating: "z", count: 50) }
                .joined(separator: "\n") + "\n"
            let produced = try ExternalProcess.run(
                Self.kcat,
                ["-b", broker.bootstrapServers, "-P", "-t", codec, "-K:", "-z", codec],
                input: input
            )
            #expect(produced.status == 0, "\(produced.standardError)")
            let consumed = try ExternalProcess.run(
                Self.kcat,
                ["-b", broker.bootstrapServers, "-C", "-t", codec, "-e", "-q", "-f", "%o %k\n"]
            )
            let lines = consumed.standardOutput.split(separator: "\n")
            #expect(lines.count == 200)
            #expect(lines.last == "199 key-199")
            #expect(broker.highWatermark(topic: codec, partition: 0) == 200)
        }
    }
}
