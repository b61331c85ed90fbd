import Foundation
import SluiceKafka
import SluiceTesting
import Testing

/// `sluice broker --data-dir` killed with SIGKILL and restarted: what it acknowledged is there.
@Suite("Crash recovery of sluice broker --data-dir", .serialized)
struct CrashRecoveryTests {
    /// Reads `partitions` of `topic` from the start to their ends under read_committed.
    private static func readToEnd(_ bootstrap: String, topic: String, partitions: Int32) throws -> [String] {
        var configuration = KafkaTestProfile.consumer(bootstrap: bootstrap, groupID: nil)
        configuration.enablePartitionEOF = true
        let consumer = try KafkaConsumer(configuration: configuration)
        defer { try? consumer.close() }
        let all = (0..<partitions).map { TopicPartition(topic: topic, partition: $0) }
        try consumer.assign(Dictionary(uniqueKeysWithValues: all.map { ($0, Int64(0)) }))
        var values: [String] = []
        var ended: Set<TopicPartition> = []
        let deadline = ContinuousClock.now + .seconds(30)
        while ended.count < all.count, ContinuousClock.now < deadline {
            let result = try consumer.poll(timeout: .milliseconds(200))
            values += result.records.map { String(decoding: $0.value ?? [], as: UTF8.self) }
            ended.formUnion(result.partitionsAtEnd)
        }
        guard ended.count == all.count else { throw KafkaError(code: .timedOut, message: "no end of \(topic)") }
        return values
    }

    @Test(
        "acks=all records, committed offsets and transactional offsets survive SIGKILL; the open transaction is aborted"
    )
    func sigkillAndRestart() throws {
        try DataDirectory.with { directory in
            let arguments = ["--data-dir", directory, "--topic", "crash-in:2", "--topic", "crash-out:1"]
            let first = try BrokerProcess(arguments)
            let bootstrap = first.bootstrap

            var producerConfiguration = KafkaTestProfile.producer(bootstrap: bootstrap)
            producerConfiguration.common.properties["acks"] = "all"
            let producer = try KafkaProducer(configuration: producerConfiguration)
            let expected = (0..<3_000).map { "in-\($0)" }
            for value in expected {
                try producer.send(
                    KafkaProducerRecord(topic: "crash-in", key: Array(value.utf8), value: Array(value.utf8))
                )
            }
            try producer.flush(timeout: .seconds(30))
            #expect(producer.takeDeliveryError() == nil)
            try producer.close()

            let input0 = TopicPartition(topic: "crash-in", partition: 0)
            let input1 = TopicPartition(topic: "crash-in", partition: 1)
            let committer = try KafkaConsumer(
                configuration: KafkaTestProfile.consumer(bootstrap: bootstrap, groupID: "crash-group")
            )
            try committer.commit([input0: 100, input1: 200])
            try committer.close()

            let txGroup = try KafkaConsumer(
                configuration: KafkaTestProfile.consumer(bootstrap: bootstrap, groupID: "crash-tx-group")
            )
            let transactional = try KafkaProducer(
                configuration: KafkaTestProfile.producer(bootstrap: bootstrap, transactionalID: "crash-tx")
            )
            try transactional.initTransactions(timeout: .seconds(10))
            try transactional.beginTransaction()
            for index in 0..<10 {
                try transactional.send(
                    KafkaProducerRecord(topic: "crash-out", key: nil, value: Array("committed-\(index)".utf8))
                )
            }
            try transactional.sendOffsetsToTransaction([input0: 1_500], groupMetadata: try txGroup.groupMetadata())
            try transactional.commitTransaction(timeout: .seconds(10))
            try transactional.beginTransaction()
            for index in 0..<5 {
                try transactional.send(
                    KafkaProducerRecord(topic: "crash-out", key: nil, value: Array("open-\(index)".utf8))
                )
            }
            try transactional.flush(timeout: .seconds(10))

            first.kill()
            try? transactional.close(timeout: .milliseconds(100))
            try? txGroup.close()

            let second = try BrokerProcess(arguments)
            defer { second.stop() }
            let restarted = second.bootstrap

            let input = try Self.readToEnd(restarted, topic: "crash-in", partitions: 2)
            #expect(input.count == expected.count)
            #expect(Set(input) == Set(expected))
            // A record written after the restart is visible under read_committed only if the restart aborted the
            // open transaction (else the last stable offset would stay before it).
            let late = try KafkaProducer(configuration: KafkaTestProfile.producer(bootstrap: restarted))
            try late.send(KafkaProducerRecord(topic: "crash-out", key: nil, value: Array("after-restart".utf8)))
            try late.flush(timeout: .seconds(10))
            try late.close()
            let output = try Self.readToEnd(restarted, topic: "crash-out", partitions: 1)
            let committedOutput = (0..<10).map { "committed-\($0)" }
            #expect(output == committedOutput + ["after-restart"])

            let reader = try KafkaConsumer(
                configuration: KafkaTestProfile.consumer(bootstrap: restarted, groupID: "crash-group")
            )
            #expect(try reader.committed([input0, input1]) == [input0: 100, input1: 200])
            try reader.close()
            let txReader = try KafkaConsumer(
                configuration: KafkaTestProfile.consumer(bootstrap: restarted, groupID: "crash-tx-group")
            )
            #expect(try txReader.committed([input0])[input0] == 1_500)
            try txReader.close()

            guard PythonScript.isAvailable else { return }
            let python = try PythonScript.run(
                "durable_readback",
                [restarted, "crash-out", "1", "crash-in", "2", "crash-group", "crash-tx-group"]
            )
            #expect(python["values"] as? [String] == committedOutput + ["after-restart"])
            let offsets = python["offsets"] as? [String: [String: Int]]
            #expect(offsets?["crash-group"] == ["crash-in-0": 100, "crash-in-1": 200])
            #expect(offsets?["crash-tx-group"] == ["crash-in-0": 1_500])
            let inputs = try PythonScript.run("durable_readback", [restarted, "crash-in", "2", "crash-in", "2"])
            #expect(Set(inputs["values"] as? [String] ?? []) == Set(expected))
        }
    }
}
