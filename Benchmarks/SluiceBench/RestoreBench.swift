import Foundation
import Sluice
import SluiceBroker
import SluiceKafka

/// The restore benchmark (`--restore`): how fast ``StateRestorer`` rebuilds a task's key-value store from its
/// changelog, for each store engine.
///
/// For each key distribution it starts the project's broker in process, writes the changelog partition of one
/// store in transactions the size of a busy commit (as a stream thread does, on a compacted topic), then restores
/// a fresh ``TaskState`` from it once per engine, timing the restore alone. The broker's cleaner is held off so
/// every entry written is still there to restore; the figure is changelog records applied per second.
struct RestoreBench {
    /// The application id, which names the changelog.
    static let applicationID = "restore-bench"
    /// The store restored; its changelog is `restore-bench-bench-store-changelog`.
    static let storeName = "bench-store"
    /// Changelog records per transaction.
    static let transactionSize = 10_000
    /// The key length in bytes.
    static let keyLength = 16
    /// The value length in bytes.
    static let valueLength = 40

    /// The parsed command line.
    var options: BenchOptions

    /// Changelog entries written per key distribution.
    var entries: Int { options.quick ? 200_000 : 1_000_000 }

    /// Runs every key distribution and engine, prints a table, and returns the process exit status.
    func run() throws -> Int32 {
        var rows: [RestoreResult] = []
        for distinctKeys in [10_000, entries] {
            rows += try measure(distinctKeys: distinctKeys)
        }
        print(RestoreResult.markdown(rows, entries: entries))
        return 0
    }

    /// Writes one changelog and restores it with each engine.
    private func measure(distinctKeys: Int) throws -> [RestoreResult] {
        var brokerConfiguration = BrokerConfiguration(port: 0)
        brokerConfiguration.autoCreateTopics = false
        brokerConfiguration.cleanerInterval = .seconds(3_600)
        let broker = Broker(configuration: brokerConfiguration)
        try broker.start()
        defer { broker.stop() }

        let topic = "\(Self.applicationID)-\(Self.storeName)-changelog"
        try broker.createTopic(topic, partitions: 1, configs: ["cleanup.policy": "compact"])
        progress("restore: writing \(entries) changelog entries, \(distinctKeys) distinct keys…")
        let writing = try write(topic: topic, distinctKeys: distinctKeys, bootstrap: broker.bootstrapServers)
        progress("restore: wrote \(Int(Double(entries) / writing.totalSeconds)) entries/s")

        var results: [RestoreResult] = []
        for engine in StoreEngine.allCases {
            let result = try restore(engine: engine, distinctKeys: distinctKeys, bootstrap: broker.bootstrapServers)
            progress("restore: " + result.summary)
            results.append(result)
        }
        return results
    }

    /// Writes the changelog in transactions of ``transactionSize`` records and returns how long it took.
    private func write(topic: String, distinctKeys: Int, bootstrap: String) throws -> Duration {
        var configuration = KafkaProducerConfiguration(bootstrapServers: [bootstrap])
        configuration.common.clientID = "restore-bench-writer"
        configuration.transactionalID = "restore-bench-writer"
        let producer = try KafkaProducer(configuration: configuration)
        defer { try? producer.close(timeout: .seconds(5)) }
        try producer.initTransactions()

        let clock = ContinuousClock()
        let began = clock.now
        var written = 0
        while written < entries {
            try producer.beginTransaction()
            let end = min(written + Self.transactionSize, entries)
            for index in written..<end {
                try producer.send(
                    KafkaProducerRecord(
                        topic: topic,
                        partition: 0,
                        key: Self.key(index, distinctKeys: distinctKeys),
                        value: Self.value(index)
                    )
                )
            }
            try producer.commitTransaction()
            written = end
        }
        return clock.now - began
    }

    /// Restores a fresh task's store from the changelog with one engine.
    private func restore(engine: StoreEngine, distinctKeys: Int, bootstrap: String) throws -> RestoreResult {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-restore-bench-\(getpid())")
            .path
        defer { try? FileManager.default.removeItem(atPath: root) }

        let builder = TopologyBuilder()
        _ = builder.table("\(Self.applicationID)-input", named: Self.storeName, key: .bytes, value: .bytes)
        let topology = try builder.build()
        guard let subtopology = topology.subtopologies.first else {
            throw BenchError("the restore topology has no sub-topology")
        }
        let directory = StateDirectory(root: root, applicationID: Self.applicationID, engine: engine)
        let taskID = subtopology.taskID(partition: 0)
        let state = try TaskState(
            subtopology: subtopology,
            partition: 0,
            taskCount: 1,
            applicationID: Self.applicationID,
            internalSinkPartitions: [:]
        ) { definition in
            try directory.open(store: definition.name, taskID: taskID)
        }
        defer { state.close() }

        var configuration = ApplicationConfiguration(applicationID: Self.applicationID, bootstrapServers: [bootstrap])
        configuration.storeEngine = engine
        configuration.stateDirectory = root
        let metrics = RuntimeMetrics(registry: MetricsRegistry())
        let restorer = StateRestorer(
            configuration: configuration,
            stateDirectory: directory,
            logger: .disabled,
            metrics: metrics
        )

        let clock = ContinuousClock()
        let began = clock.now
        try restorer.restore(state)
        let took = clock.now - began

        let restored = Int(metrics.restoredRecords.value)
        guard restored == entries else {
            throw BenchError("restored \(restored) changelog records of \(entries) written")
        }
        let storeEntries = state.stores[Self.storeName]?.engine.entryCount ?? 0
        return RestoreResult(
            engine: engine,
            distinctKeys: distinctKeys,
            restored: restored,
            storeEntries: storeEntries,
            seconds: took.totalSeconds
        )
    }

    /// A 16-byte key: `key-` and a 12-digit key number, the numbers visited in a scrambled order so the store
    /// does not see its keys sorted.
    static func key(_ index: Int, distinctKeys: Int) -> [UInt8] {
        let number = (index % distinctKeys) * 7_919 % distinctKeys
        let digits = String(number)
        return Array(("key-" + String(repeating: "0", count: keyLength - 4 - digits.count) + digits).utf8)
    }

    /// A 40-byte value carrying the entry's index.
    static func value(_ index: Int) -> [UInt8] {
        let text = "value-\(index)-"
        return Array((text + String(repeating: "x", count: max(0, valueLength - text.count))).utf8)
    }

    private func progress(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}
