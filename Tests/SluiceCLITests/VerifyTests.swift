import Foundation
import SluiceBroker
import SluiceKafka
import SluiceTesting
import Testing

@testable import SluiceCLI

/// `sluice verify`: the order checker on hand-made records, then the built executable against an in-process
/// broker.
@Suite("sluice verify", .serialized)
struct VerifyTests {
    // MARK: - Records

    private static let sequenceMode = VerifyMode.sequence(keyField: "id", sequenceField: "seq", expectsContiguous: true)

    /// A record whose value is `{"id": <id>, "seq": <sequence>}`.
    private func sequenced(
        _ id: String,
        _ sequence: Int,
        partition: Int32 = 0,
        offset: Int64,
        idIsNumber: Bool = false
    ) -> KafkaRecord {
        let key = idIsNumber ? id : "\"\(id)\""
        return KafkaRecord(
            topic: "t",
            partition: partition,
            offset: offset,
            timestamp: nil,
            key: nil,
            value: Array(#"{"id":\#(key),"seq":\#(sequence),"note":{"nested":[1,true]}}"#.utf8)
        )
    }

    /// A record carrying a provenance header for source `in:<sourcePartition>:<sourceOffset>`.
    private func provenanced(
        key: String?,
        value: String,
        source sourceOffset: Int64,
        sourcePartition: Int32 = 0,
        partition: Int32 = 0,
        offset: Int64
    ) -> KafkaRecord {
        KafkaRecord(
            topic: "out",
            partition: partition,
            offset: offset,
            timestamp: nil,
            key: key.map { Array($0.utf8) },
            value: Array(value.utf8),
            headers: [KafkaHeader(key: "sluice.provenance", string: "in:\(sourcePartition):\(sourceOffset)")]
        )
    }

    private func check(_ records: [KafkaRecord], mode: VerifyMode = sequenceMode) -> VerifyReport {
        var checker = OrderChecker(topic: "t", mode: mode)
        records.forEach { checker.check($0) }
        return checker.report
    }

    // MARK: - Sequence mode

    @Test("increasing contiguous sequences per key, in interleaved partitions, are clean")
    func cleanSequences() {
        let report = check([
            sequenced("a", 1, offset: 0), sequenced("b", 7, partition: 1, offset: 0),
            sequenced("a", 2, offset: 1), sequenced("42", 1, offset: 2, idIsNumber: true),
            sequenced("b", 8, partition: 1, offset: 1), sequenced("a", 3, offset: 3),
            sequenced("42", 2, offset: 4, idIsNumber: true),
        ])
        #expect(report.isClean)
        #expect(report.records == 7)
        #expect(report.keys == 3)
        #expect(report.examples.isEmpty)
    }

    @Test("a lower sequence after a higher one is an order violation")
    func orderViolation() {
        let report = check([sequenced("a", 1, offset: 0), sequenced("a", 2, offset: 1), sequenced("a", 1, offset: 2)])
        #expect(report.orderViolations == 1)
        #expect(report.duplicates == 0)
        #expect(!report.isClean)
        #expect(report.examples.first?.kind == .orderViolation)
        #expect(report.examples.first?.offset == 2)
        #expect(report.examples.first?.key == "a")
        #expect(report.examples.first?.detail == "sequence 1 after 2 (offset 1)")
    }

    @Test("an equal sequence is a duplicate")
    func duplicate() {
        let report = check([sequenced("a", 1, offset: 0), sequenced("a", 2, offset: 1), sequenced("a", 2, offset: 2)])
        #expect(report.duplicates == 1)
        #expect(report.orderViolations == 0)
        #expect(report.examples.map(\.kind) == [.duplicate])
        #expect(report.examples.first?.detail == "sequence 2 repeats offset 1")
    }

    @Test("a jump over missing sequences is a gap only with --expect-contiguous, with the missing range")
    func gap() {
        let records = [sequenced("a", 1, offset: 0), sequenced("a", 5, offset: 1), sequenced("a", 7, offset: 2)]
        let report = check(records)
        #expect(report.gaps == 2)
        #expect(
            report.examples.map(\.detail) == [
                "sequence 5 after 1: 2...4 are missing", "sequence 7 after 5: 6 is missing",
            ]
        )

        let lenient = check(records, mode: .sequence(keyField: "id", sequenceField: "seq", expectsContiguous: false))
        #expect(lenient.isClean)
    }

    @Test("the same key in two partitions is checked per partition")
    func perPartition() {
        let report = check([sequenced("a", 5, offset: 0), sequenced("a", 1, partition: 1, offset: 0)])
        #expect(report.isClean)
        #expect(report.keys == 1)
    }

    @Test("values that are not JSON, lack a field or hold the wrong type are unreadable")
    func unreadable() {
        let values: [String?] = [
            "not json", #"{"id":"a"}"#, #"{"seq":1}"#, #"{"id":"a","seq":1.5}"#, #"{"id":true,"seq":1}"#,
            #"{"id":"a","seq":"1"}"#, "[1,2]", nil,
        ]
        let records = values.enumerated().map { index, value in
            KafkaRecord(
                topic: "t",
                partition: 0,
                offset: Int64(index),
                timestamp: nil,
                key: nil,
                value: value.map { Array($0.utf8) }
            )
        }
        let report = check(records + [sequenced("a", 1, offset: 8)])
        #expect(report.unreadable == values.count)
        #expect(report.records == values.count + 1)
        #expect(report.keys == 1)
        #expect(!report.isClean)
        #expect(report.unreadableRecords.map(\.offset) == Array(0..<Int64(values.count)))
        #expect(report.examples.isEmpty)
        #expect(report.text.contains("unreadable records (partition:offset): 0:0, 0:1"))
    }

    @Test("the report keeps ten examples but counts every finding")
    func exampleLimit() {
        let records = (0..<25).map { sequenced("a", 1, offset: Int64($0)) }
        let report = check(records)
        #expect(report.duplicates == 24)
        #expect(report.examples.count == VerifyReport.exampleLimit)
        #expect(report.text.contains("examples (first 10):"))
    }

    // MARK: - Provenance mode

    @Test("provenance: source offsets going forward per key, several outputs per input, are clean")
    func cleanProvenance() {
        let report = check(
            [
                provenanced(key: "a", value: "1", source: 0, offset: 0),
                provenanced(key: "a", value: "2", source: 0, offset: 1),
                provenanced(key: "b", value: "1", source: 1, offset: 2),
                provenanced(key: "a", value: "1", source: 2, offset: 3),
                provenanced(key: "a", value: "1", source: 0, sourcePartition: 1, offset: 4),
                provenanced(key: nil, value: "1", source: 3, partition: 1, offset: 0),
            ],
            mode: .provenance
        )
        #expect(report.isClean)
        #expect(report.keys == 3)
    }

    @Test("provenance: a lower source offset for the same key is an order violation, a repeat a duplicate")
    func provenanceProblems() {
        let report = check(
            [
                provenanced(key: "a", value: "1", source: 5, offset: 0),
                provenanced(key: "a", value: "2", source: 3, offset: 1),
                provenanced(key: "b", value: "2", source: 1, offset: 2),
                provenanced(key: "a", value: "1", source: 5, partition: 1, offset: 0),
            ],
            mode: .provenance
        )
        #expect(report.orderViolations == 1)
        #expect(report.duplicates == 1)
        #expect(report.examples.map(\.kind) == [.orderViolation, .duplicate])
        #expect(report.examples[0].detail == "source in:0:3 after source offset 5 (offset 0)")
        #expect(report.examples[1].detail.contains("at partition 0 offset 0"))
    }

    @Test("provenance: records without a readable header are unreadable")
    func provenanceUnreadable() {
        var malformed = provenanced(key: "a", value: "1", source: 0, offset: 1)
        malformed.headers = [KafkaHeader(key: "sluice.provenance", string: "in:x:1")]
        let report = check(
            [KafkaRecord(topic: "out", partition: 0, offset: 0, timestamp: nil, key: nil, value: nil), malformed],
            mode: .provenance
        )
        #expect(report.unreadable == 2)
        #expect(report.unreadableRecords.map(\.offset) == [0, 1])
    }

    // MARK: - The executable against a broker

    private func sluice(_ arguments: [String]) throws -> SluiceExecutable.Outcome {
        try SluiceExecutable.run(arguments)
    }

    /// A record for the broker: a JSON sequence value and a provenance header.
    private func output(
        _ topic: String,
        partition: Int32,
        id: String,
        sequence: Int,
        source: Int64
    ) -> KafkaProducerRecord {
        KafkaProducerRecord(
            topic: topic,
            partition: partition,
            key: Array(id.utf8),
            value: Array(#"{"id":"\#(id)","seq":\#(sequence)}"#.utf8),
            headers: [KafkaHeader(key: "sluice.provenance", string: "in:0:\(source)")]
        )
    }

    @Test("the executable exits 0 on a clean topic and 1 with a duplicate and an out-of-order record")
    func endToEnd() throws {
        let broker = Broker(configuration: BrokerConfiguration(port: 0))
        try broker.start()
        defer { broker.stop() }
        try broker.createTopic("verify-clean", partitions: 2)
        try broker.createTopic("verify-dirty", partitions: 1)
        let bootstrap = broker.bootstrapServers

        let producer = try KafkaProducer(configuration: KafkaTestProfile.producer(bootstrap: bootstrap))
        for sequence in 1...5 {
            try producer.send(
                output("verify-clean", partition: 0, id: "a", sequence: sequence, source: Int64(sequence))
            )
            try producer.send(
                output("verify-clean", partition: 1, id: "b", sequence: sequence, source: Int64(sequence))
            )
        }
        // Offsets 0...4: a1 a2 a3, then a3 again (a duplicate) and a2 (out of order, also for its source offset).
        for (sequence, source) in [(1, 1), (2, 2), (3, 3), (3, 3), (2, 2)] {
            try producer.send(output("verify-dirty", partition: 0, id: "a", sequence: sequence, source: Int64(source)))
        }
        try producer.flush()
        try producer.close()

        // A duplicate in an aborted transaction is invisible to a read_committed reader.
        let transactional = try KafkaProducer(
            configuration: KafkaTestProfile.producer(bootstrap: bootstrap, transactionalID: "verify-aborted")
        )
        try transactional.initTransactions()
        try transactional.beginTransaction()
        try transactional.send(output("verify-clean", partition: 0, id: "a", sequence: 5, source: 5))
        try transactional.flush()
        try transactional.abortTransaction()
        try transactional.close()

        let sequenceOptions = ["--key-field", "id", "--sequence-field", "seq", "--expect-contiguous"]
        let clean = try sluice(["verify", "verify-clean", "--bootstrap", bootstrap] + sequenceOptions)
        #expect(clean.status == 0, "\(clean.standardOutput)\(clean.standardError)")
        #expect(clean.standardOutput.contains("records read      10"))
        #expect(clean.standardOutput.contains("keys              2"))
        #expect(clean.standardOutput.contains("result: clean"))

        let cleanProvenance = try sluice(["verify", "verify-clean", "--bootstrap", bootstrap, "--json"])
        #expect(cleanProvenance.status == 0, "\(cleanProvenance.standardOutput)\(cleanProvenance.standardError)")
        let cleanJSON = try #require(
            try JSONSerialization.jsonObject(with: Data(cleanProvenance.standardOutput.utf8)) as? [String: Any]
        )
        #expect(cleanJSON["records"] as? Int == 10)
        #expect(cleanJSON["clean"] as? Bool == true)

        let dirty = try sluice(["verify", "verify-dirty", "--bootstrap", bootstrap] + sequenceOptions)
        #expect(dirty.status == 1, "\(dirty.standardOutput)\(dirty.standardError)")
        #expect(dirty.standardOutput.contains("order violations  1"))
        #expect(dirty.standardOutput.contains("duplicates        1"))
        #expect(dirty.standardOutput.contains("partition 0 offset 3 key \"a\": sequence 3 repeats offset 2"))
        #expect(dirty.standardOutput.contains("partition 0 offset 4 key \"a\": sequence 2 after 3 (offset 2)"))

        let dirtyProvenance = try sluice(["verify", "verify-dirty", "--bootstrap", bootstrap, "--json"])
        #expect(dirtyProvenance.status == 1, "\(dirtyProvenance.standardOutput)\(dirtyProvenance.standardError)")
        let dirtyJSON = try #require(
            try JSONSerialization.jsonObject(with: Data(dirtyProvenance.standardOutput.utf8)) as? [String: Any]
        )
        #expect(dirtyJSON["records"] as? Int == 5)
        #expect(dirtyJSON["duplicates"] as? Int == 2)
        #expect(dirtyJSON["orderViolations"] as? Int == 0)
        #expect(dirtyJSON["clean"] as? Bool == false)

        // Sequence mode on values without the fields: every record is unreadable.
        let unreadable = try sluice(
            ["verify", "verify-dirty", "--bootstrap", bootstrap, "--key-field", "x", "--sequence-field", "y"]
        )
        #expect(unreadable.status == 1)
        #expect(unreadable.standardOutput.contains("unreadable        5"))

        // A transaction still open: its records are past the last stable offset, not checked, and said so.
        let open = try KafkaProducer(
            configuration: KafkaTestProfile.producer(bootstrap: bootstrap, transactionalID: "verify-open")
        )
        try open.initTransactions()
        try open.beginTransaction()
        try open.send(output("verify-clean", partition: 1, id: "b", sequence: 6, source: 6))
        try open.flush()
        let incomplete = try sluice(["verify", "verify-clean", "--bootstrap", bootstrap] + sequenceOptions)
        #expect(incomplete.status == 3, "\(incomplete.standardOutput)\(incomplete.standardError)")
        #expect(incomplete.standardOutput.contains("not yet visible   1 (in transactions still open; not checked)"))
        #expect(incomplete.standardOutput.contains("result: incomplete"))
        try open.abortTransaction()
        try open.close()

        let missing = try sluice(["verify", "verify-missing", "--bootstrap", bootstrap, "--timeout", "5s"])
        #expect(missing.status == 1)
        #expect(missing.standardError.contains("topic 'verify-missing' does not exist"))
    }

    @Test("usage errors exit 2")
    func usageErrors() throws {
        for words in [
            ["verify", "t"],
            ["verify", "t", "--bootstrap", "127.0.0.1:1", "--key-field", "id"],
            ["verify", "t", "--bootstrap", "127.0.0.1:1", "--expect-contiguous"],
            ["verify", "t", "--bootstrap", "127.0.0.1:1", "--timeout", "soon"],
        ] {
            let outcome = try sluice(words)
            #expect(outcome.status == 2, "sluice \(words.joined(separator: " "))")
            #expect(outcome.standardError.hasPrefix("error: "))
        }
    }
}
