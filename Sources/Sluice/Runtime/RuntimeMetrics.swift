import SluiceKafka

/// The runtime's metrics, created once per application in its registry.
///
/// Labels are bounded: topic names only, never a key, an offset or a partition of an unbounded set.
package final class RuntimeMetrics: Sendable {
    private let registry: MetricsRegistry
    let commitLatency: Histogram
    let commits: Counter
    let rebalances: Counter
    let assignedPartitions: Gauge
    let skipped: Counter
    let processingLatency: Histogram
    let endToEndLatency: Histogram
    let transactionsCommitted: Counter
    let transactionsAborted: Counter
    package let restoredRecords: Counter
    let restoringStores: Gauge

    package init(registry: MetricsRegistry) {
        self.registry = registry
        commitLatency = registry.histogram(
            "sluice_commit_latency_seconds",
            help: "Time to flush outputs and commit offsets, per commit."
        )
        commits = registry.counter("sluice_commits_total", help: "Offset commits made.")
        rebalances = registry.counter("sluice_rebalances_total", help: "Rebalance events seen by stream threads.")
        assignedPartitions = registry.gauge(
            "sluice_assigned_partitions",
            help: "Input partitions currently assigned to this process."
        )
        skipped = registry.counter("sluice_records_skipped_total", help: "Records skipped by the error policy.")
        processingLatency = registry.histogram(
            "sluice_processing_latency_seconds",
            help: "Time to push one input record through the topology, outputs enqueued."
        )
        endToEndLatency = registry.histogram(
            "sluice_end_to_end_latency_seconds",
            help: "Processing time minus the record's load time (sluice.loaded_at header), else its timestamp.",
            buckets: Histogram.exponentialBuckets(start: 0.001, factor: 4, count: 12)
        )
        transactionsCommitted = registry.counter(
            "sluice_transactions_committed_total",
            help: "Transactions committed (exactly-once)."
        )
        transactionsAborted = registry.counter(
            "sluice_transactions_aborted_total",
            help: "Transactions aborted or abandoned to a fenced producer; their work was rewound and redone."
        )
        restoredRecords = registry.counter(
            "sluice_restored_records_total",
            help: "Changelog records applied to state stores while restoring them."
        )
        restoringStores = registry.gauge(
            "sluice_restoring_stores",
            help: "State stores being restored from their changelogs now; /readyz fails while it is above zero."
        )
    }

    /// Sets the consumer-lag gauges from librdkafka's statistics of one consumer.
    func recordLag(_ samples: [ConsumerLag.Sample]) {
        for sample in samples {
            registry.gauge(
                "sluice_consumer_lag",
                help: "Last stable offset minus the consumer's position, per assigned input partition.",
                labels: [("topic", sample.partition.topic), ("partition", String(sample.partition.partition))]
            ).set(Double(sample.lag))
        }
    }

    /// Removes the lag gauges of partitions this process no longer owns.
    func forgetLag(_ partitions: [TopicPartition]) {
        for partition in partitions {
            registry.removeSeries(
                "sluice_consumer_lag",
                labels: [("topic", partition.topic), ("partition", String(partition.partition))]
            )
        }
    }

    /// The registry the metrics live in.
    var metricsRegistry: MetricsRegistry { registry }

    /// Sets the size gauges of a task's stores.
    func recordStoreSizes(_ state: TaskState) {
        for store in state.stores.values {
            let labels = [("store", store.definition.name), ("task", state.taskID)]
            registry.gauge(
                "sluice_store_entries",
                help: "Entries in a state store instance (an estimate for RocksDB).",
                labels: labels
            ).set(Double(store.engine.entryCount))
            registry.gauge(
                "sluice_store_bytes",
                help: "Bytes held by a state store instance (an estimate for RocksDB).",
                labels: labels
            ).set(Double(store.engine.sizeInBytes))
        }
    }

    /// Removes the size gauges of a task that left this process.
    func forgetStoreSizes(_ state: TaskState) {
        for store in state.stores.values {
            let labels = [("store", store.definition.name), ("task", state.taskID)]
            registry.removeSeries("sluice_store_entries", labels: labels)
            registry.removeSeries("sluice_store_bytes", labels: labels)
        }
    }

    /// Adds a thread's counts since its last report.
    func record(_ delta: ApplicationReport) {
        for (topic, count) in delta.consumed {
            registry.counter(
                "sluice_records_consumed_total",
                help: "Records read from input topics.",
                labels: [("topic", topic)]
            ).increment(by: Int64(count))
        }
        for (topic, count) in delta.produced {
            registry.counter(
                "sluice_records_produced_total",
                help: "Records sent to output topics.",
                labels: [("topic", topic)]
            ).increment(by: Int64(count))
        }
        for (topic, count) in delta.deadLetteredBySource {
            registry.counter(
                "sluice_records_dead_lettered_total",
                help: "Records sent to the dead-letter topic, by the topic they were read from.",
                labels: [("topic", topic)]
            ).increment(by: Int64(count))
        }
        for (topic, count) in delta.late {
            registry.counter(
                "sluice_records_late_total",
                help: "Records that arrived after every window they belong to had closed, by the topic they were read "
                    + "from; dead-lettered when the application says so, never silently dropped.",
                labels: [("topic", topic)]
            ).increment(by: Int64(count))
        }
        skipped.increment(by: Int64(delta.skipped))
        commits.increment(by: Int64(delta.commits))
    }
}
