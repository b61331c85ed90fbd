import Foundation
import SluiceBroker
import SluiceKafka
import SluiceTesting
import Testing

/// Runs the built `sluice` executable as a user would and checks exit codes, stdout and stderr.
@Suite("The sluice executable", .serialized)
struct SluiceExecutableTests {
    typealias Outcome = SluiceExecutable.Outcome

    static var executable: URL { SluiceExecutable.url }

    func sluice(_ arguments: String...) throws -> Outcome {
        try SluiceExecutable.run(arguments)
    }

    @Test("--help works on every command and exits 0")
    func help() throws {
        for words in [
            ["--help"], ["broker", "--help"], ["load", "--help"], ["tail", "--help"], ["run", "--help"],
            ["run", "flights", "--help"],
        ] {
            let process = try sluiceArray(words)
            #expect(process.status == 0, "sluice \(words.joined(separator: " "))")
            #expect(process.standardOutput.contains("USAGE") || process.standardOutput.lowercased().contains("usage"))
        }
    }

    @Test("an unknown flag exits 2 with one clear line")
    func unknownFlag() throws {
        let outcome = try sluice("load", "x.csv", "--topic", "t", "--bogus")
        #expect(outcome.status == 2)
        #expect(outcome.standardError.contains("'--bogus'"))
        let missing = try sluice("tail")
        #expect(missing.status == 2)
        let noCommand = try sluice("frobnicate")
        #expect(noCommand.status == 2)
    }

    @Test("a missing data file exits 2 naming it")
    func missingData() throws {
        let outcome = try sluice("run", "flights", "--data", "/nonexistent/flights.csv")
        #expect(outcome.status == 2)
        #expect(outcome.standardError.contains("/nonexistent/flights.csv"))
    }

    @Test("load then tail round-trips a CSV through a broker; NA keys become null keys")
    func loadAndTail() throws {
        let cluster = try KafkaMockCluster()
        try cluster.createTopic("cli-rows", partitions: 2)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-cli-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("rows.csv")
        try "id,name,when\n1,alpha,2013-01-01T10:00:00Z\nNA,\"b, c\",2013-01-01T11:00:00Z\n"
            .write(to: file, atomically: true, encoding: .utf8)

        let load = try sluice(
            "load",
            file.path,
            "--topic",
            "cli-rows",
            "--key",
            "id",
            "--timestamp",
            "when",
            "--bootstrap",
            cluster.bootstrapServers
        )
        #expect(load.status == 0, "\(load.standardError)")
        #expect(load.standardError.contains("loaded 2 records"))

        let tail = try sluice(
            "tail",
            "cli-rows",
            "--from",
            "beginning",
            "--count",
            "2",
            "--bootstrap",
            cluster.bootstrapServers
        )
        #expect(tail.status == 0, "\(tail.standardError)")
        let lines = tail.standardOutput.split(separator: "\n")
        #expect(lines.count == 2)
        #expect(tail.standardOutput.contains(#""key":"1""#))
        #expect(tail.standardOutput.contains(#""key":null"#))
        #expect(tail.standardOutput.contains("1357034400000"))
        #expect(tail.standardOutput.contains(#"\"name\":\"b, c\""#))
    }

    @Test("lag shows committed offset, end offset and lag per partition, as a table and as JSON")
    func lag() throws {
        let broker = Broker(configuration: BrokerConfiguration(port: 0))
        try broker.start()
        defer { broker.stop() }
        try broker.createTopic("lagging", partitions: 2)
        let producer = try KafkaProducer(configuration: KafkaTestProfile.producer(bootstrap: broker.bootstrapServers))
        for index in 0..<10 {
            try producer.send(
                KafkaProducerRecord(topic: "lagging", partition: Int32(index % 2), key: nil, value: [UInt8(index)])
            )
        }
        try producer.close()
        let consumer = try KafkaConsumer(
            configuration: KafkaTestProfile.consumer(bootstrap: broker.bootstrapServers, groupID: "lag-app")
        )
        try consumer.commit([
            TopicPartition(topic: "lagging", partition: 0): 2, TopicPartition(topic: "lagging", partition: 1): 5,
        ])
        try consumer.close()

        let table = try sluice("lag", "--app", "lag-app", "--bootstrap", broker.bootstrapServers)
        #expect(table.status == 0, "\(table.standardError)")
        #expect(table.standardOutput.contains("total lag: 3"))
        let json = try sluice("lag", "--app", "lag-app", "--json", "--bootstrap", broker.bootstrapServers)
        #expect(json.standardOutput.contains(#""committed":2,"end":5,"lag":3,"partition":0,"topic":"lagging""#))
        #expect(json.standardOutput.contains(#""committed":5,"end":5,"lag":0,"partition":1"#))
    }

    @Test("SIGTERM stops the flights job gracefully: committed work is kept and the exit code is 0")
    func gracefulShutdown() throws {
        let process = Process()
        process.executableURL = Self.executable
        process.arguments = ["run", "flights", "--log-level", "warning"]
        process.currentDirectoryURL = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()

        // Wait until the pipeline runs (loading is done), then ask it to stop.
        let clock = ContinuousClock()
        let deadline = clock.now + .seconds(60)
        var seen = Data()
        while clock.now < deadline {
            seen.append(errors.fileHandleForReading.availableData)
            if String(decoding: seen, as: UTF8.self).contains("loaded") { break }
        }
        Thread.sleep(forTimeInterval: 1)
        kill(process.processIdentifier, SIGTERM)
        let printed = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationReason == .exit)
        #expect(process.terminationStatus == 0, "\(printed)")
        #expect(printed.contains("interrupted") || printed.contains("books       balanced"))
    }

    @Test("a broker that cannot be reached gives one error line and exit 1")
    func unreachable() throws {
        let outcome = try sluice("tail", "anything", "--count", "1", "--bootstrap", "127.0.0.1:1")
        #expect(outcome.status == 1)
        #expect(outcome.standardError.hasPrefix("error: "))
        #expect(outcome.standardError.split(separator: "\n").count == 1)
    }

    private func sluiceArray(_ words: [String]) throws -> Outcome {
        try SluiceExecutable.run(words)
    }
}
