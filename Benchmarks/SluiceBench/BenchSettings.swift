/// The client settings every contestant uses, so throughput differences come from the code, not the tuning.
enum BenchSettings {
    /// Consumer properties shared by the raw loops, Sluice and the latency watcher.
    static let consumer: [String: String] = [
        "auto.offset.reset": "earliest",
        "enable.auto.commit": "false",
        "enable.auto.offset.store": "false",
        "isolation.level": "read_committed",
        "queued.min.messages": "100000",
        "fetch.wait.max.ms": "100",
        "partition.assignment.strategy": "range,roundrobin",
        "session.timeout.ms": "45000",
        "heartbeat.interval.ms": "3000",
    ]

    /// Producer properties shared by the raw loops and Sluice.
    static let producer: [String: String] = [
        "enable.idempotence": "true",
        "linger.ms": "5",
        "batch.size": "1048576",
        "queue.buffering.max.messages": "100000",
        "compression.codec": "none",
    ]

    /// Records one poll hands over (Sluice's `pollBatchSize` default; the raw loops use the same).
    static let pollBatch = 2_000

    /// How long a poll of the raw loops, the Python consume loop and the harness's reader waits for a full batch.
    ///
    /// `rd_kafka_consume_batch_queue` returns when it has the whole batch or when the timeout expires, not when
    /// the first records arrive: at 10,000 records/s a 2,000-record poll always runs to its timeout, which then
    /// shows up as latency (half the timeout on average). 10 ms keeps that small; under a backlog the batch fills
    /// at once and the timeout does not matter.
    static let readerPollMilliseconds = 10

    /// The header carrying each input record's load time, epoch milliseconds as a decimal string.
    static let loadedAtHeader = "sluice.loaded_at"
}
