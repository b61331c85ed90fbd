import SluiceKafka
import Testing

@testable import Sluice

/// Keeps what a task's sinks send.
final class TaskOutputCollector: RecordCollector {
    var records: [(topic: String, key: [UInt8]?, value: [UInt8]?)] = []

    func send(
        topic: String,
        key: [UInt8]?,
        value: [UInt8]?,
        headers: [KafkaHeader],
        timestamp: Int64?,
        sourcePartition: Int32
    ) throws {
        records.append((topic, key, value))
    }
}

@Suite("Transactions of a task's state")
struct TransactionRollbackTests {
    func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    func store() -> TransactionalStore {
        TransactionalStore(
            definition: StoreDefinition(name: "s", kind: .keyValue),
            changelogTopic: "app-s-changelog",
            partition: 0,
            engine: InMemoryByteStore()
        )
    }

    @Test("pending writes are seen at once, reach the engine on commit, and vanish on abort")
    func pendingWrites() throws {
        let store = store()
        store.put(bytes("k"), bytes("1"))
        #expect(try store.get(bytes("k")) == bytes("1"))
        #expect(try store.engine.get(bytes("k")) == nil)
        try store.applyPending()
        #expect(try store.engine.get(bytes("k")) == bytes("1"))

        store.put(bytes("k"), bytes("2"))
        store.put(bytes("j"), bytes("3"))
        store.put(bytes("k"), nil)
        #expect(try store.get(bytes("k")) == nil)
        store.dropPending()
        #expect(!store.hasPendingWrites)
        #expect(try store.get(bytes("k")) == bytes("1"))
        #expect(try store.get(bytes("j")) == nil)
    }

    @Test("flush sends each pending key's latest value once, a delete as a tombstone")
    func flush() throws {
        let store = store()
        store.put(bytes("a"), bytes("1"))
        store.put(bytes("a"), bytes("2"))
        store.put(bytes("b"), nil)
        var sent: [[UInt8]: [UInt8]?] = [:]
        try store.flush { topic, partition, key, value in
            #expect(topic == "app-s-changelog" && partition == 0)
            sent[key] = .some(value)
        }
        let expected: [[UInt8]: [UInt8]?] = [bytes("a"): bytes("2"), bytes("b"): nil]
        #expect(sent == expected)
    }

    @Test("scans and firstKey merge pending writes over the engine")
    func scans() throws {
        let store = store()
        store.put(bytes("a"), bytes("1"))
        store.put(bytes("c"), bytes("3"))
        try store.applyPending()
        store.put(bytes("a"), nil)
        store.put(bytes("b"), bytes("2"))
        #expect(try store.scan(from: nil, to: nil).map(\.key) == [bytes("b"), bytes("c")])
        #expect(try store.firstKey(from: nil) == bytes("b"))
        store.dropPending()
        #expect(try store.firstKey(from: nil) == bytes("a"))
    }

    @Test("event time rolls back to the last commit, and counts its roll-backs")
    func eventTimeRollBack() throws {
        let time = EventTime(readsExternalStreams: true, internalTopics: [])
        time.observe(1_000)
        try time.advance()
        time.commit()
        time.observe(5_000)
        try time.advance()
        #expect(time.progress == 5_000)
        time.rollBack()
        #expect(time.progress == 1_000)
        #expect(time.streamTime == 1_000)
        #expect(time.rollBacks == 1)
    }

    @Test("behind repartition topics, time waits for every upstream task and follows the slowest")
    func upstreamMinimum() throws {
        let time = EventTime(readsExternalStreams: false, internalTopics: ["in"])
        time.receive(WatermarkRecord(taskID: "0_0", upstreamTasks: 2, time: 100), topic: "in")
        try time.advance()
        #expect(time.progress == .min)
        time.receive(WatermarkRecord(taskID: "0_1", upstreamTasks: 2, time: 50), topic: "in")
        try time.advance()
        #expect(time.progress == 50)
        time.receive(WatermarkRecord(taskID: "0_1", upstreamTasks: 2, time: 200), topic: "in")
        time.receive(WatermarkRecord(taskID: "0_0", upstreamTasks: 2, time: 10), topic: "in")
        try time.advance()
        #expect(time.progress == 100)
    }

    /// A task counting `in` by key, and its collector.
    func countingTask() throws -> (TaskProcessor, TaskState, TaskOutputCollector) {
        let builder = TopologyBuilder()
        builder.source("in", key: .string, value: .string)
            .groupByKey(key: .string, value: .string)
            .count(named: "counts")
            .to("out", key: .string, value: .int64)
        return try task(builder)
    }

    func task(_ builder: TopologyBuilder) throws -> (TaskProcessor, TaskState, TaskOutputCollector) {
        let topology = try builder.build().resolved(applicationID: "app")
        let state = try TaskState(
            subtopology: topology.subtopologies[0],
            partition: 0,
            taskCount: 1,
            applicationID: "app",
            internalSinkPartitions: [:],
            openEngine: { _ in InMemoryByteStore() }
        )
        let collector = TaskOutputCollector()
        return (topology.makeTaskProcessor(subtopology: 0, collector: collector, state: state), state, collector)
    }

    func record(_ key: String, at timestamp: Int64, offset: Int64) -> KafkaRecord {
        KafkaRecord(
            topic: "in",
            partition: 0,
            offset: offset,
            timestamp: timestamp,
            key: bytes(key),
            value: bytes("v"),
            headers: []
        )
    }

    func commit(_ state: TaskState) throws {
        try state.flush { _, _, _, _, _ in }
        try state.committed(changelogEnds: [:])
    }

    @Test("an aborted transaction's counts are forgotten: replaying its records counts them once")
    func abortedCounts() throws {
        let (processor, state, collector) = try countingTask()
        try processor.process(record("a", at: 1_000, offset: 0))
        try commit(state)

        try processor.process(record("a", at: 2_000, offset: 1))
        try processor.process(record("a", at: 3_000, offset: 2))
        #expect(state.time.progress == 3_000)
        state.aborted()
        #expect(state.time.progress == 1_000)
        #expect(!state.hasWork)
        #expect(try state.store(named: "counts").get(bytes("a")) == Serde<Int64>.int64.serialize(1))

        try processor.process(record("a", at: 2_000, offset: 1))
        try commit(state)
        #expect(try state.store(named: "counts").get(bytes("a")) == Serde<Int64>.int64.serialize(2))
        let counts = try collector.records.map { try Serde<Int64>.int64.deserialize($0.value) }
        #expect(counts == [1, 2, 3, 2])
    }

    @Test("windows closed in an aborted transaction come back and close again on replay")
    func abortedWindowClose() throws {
        let builder = TopologyBuilder()
        builder.source("in", key: .string, value: .string)
            .groupByKey(key: .string, value: .string)
            .windowedBy(.tumbling(size: .seconds(10)))
            .count(named: "windows", emit: .onWindowClose)
            .map { window, count in ("\(window.key)@\(window.start)", count) }
            .to("out", key: .string, value: .int64)
        let (processor, state, collector) = try task(builder)
        try processor.process(record("a", at: 1_000, offset: 0))
        try processor.process(record("a", at: 2_000, offset: 1))
        try commit(state)

        try processor.process(record("b", at: 20_000, offset: 2))
        #expect(collector.records.count == 1)
        state.aborted()
        let restored = try state.store(named: "windows").scan(from: nil, to: nil)
        #expect(restored.map { StoreKeyEncoding.decodeWindow($0.key).start } == [0])

        try processor.process(record("b", at: 20_000, offset: 2))
        try commit(state)
        let outputs = try collector.records.map {
            "\(try Serde<String>.string.deserialize($0.key))=\(try Serde<Int64>.int64.deserialize($0.value))"
        }
        #expect(outputs == ["a@0=2", "a@0=2"])
        let open = try state.store(named: "windows").scan(from: nil, to: nil)
        #expect(open.map { StoreKeyEncoding.decodeWindow($0.key).start } == [20_000])
    }
}
