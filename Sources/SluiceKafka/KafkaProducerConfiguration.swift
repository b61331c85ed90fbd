/// Options for a ``KafkaProducer``.
public struct KafkaProducerConfiguration: Sendable, Hashable {
    /// Compression codecs librdkafka can apply to record batches.
    public struct Compression: Sendable, Hashable, CustomStringConvertible {
        /// librdkafka's name of the codec.
        public var description: String

        /// A codec by librdkafka's name (`none`, `gzip`, `snappy`, `lz4`, `zstd`).
        public init(description: String) {
            self.description = description
        }
        /// No compression.
        public static let none = Compression(description: "none")
        /// gzip.
        public static let gzip = Compression(description: "gzip")
        /// snappy.
        public static let snappy = Compression(description: "snappy")
        /// lz4.
        public static let lz4 = Compression(description: "lz4")
        /// zstd: the smallest batches; what the flights job uses to fit the mock cluster's per-partition limit.
        public static let zstd = Compression(description: "zstd")
    }

    /// How the producer picks a partition for a record that names none.
    public struct Partitioner: Sendable, Hashable, CustomStringConvertible {
        /// librdkafka's name of the partitioner.
        public var description: String
        /// Java-compatible murmur2 for keyed records, random for null keys: keys land where Java producers
        /// put them. Sluice's sinks never rely on the random part: they name a partition for null keys.
        public static let murmur2Random = Partitioner(description: "murmur2_random")
        /// librdkafka's CRC32-based default, not compatible with Java clients.
        public static let consistentRandom = Partitioner(description: "consistent_random")
    }

    /// The shared client options.
    public var common: KafkaConfiguration = .init()
    /// Idempotent delivery: no duplicates or reordering from retries. Default: `true`.
    public var enableIdempotence: Bool = true
    /// The transactional id; setting it makes the producer transactional. Default: `nil`.
    public var transactionalID: String?
    /// How long the broker lets a transaction stay open before aborting it. Default: 10 s, so a dead worker's open
    /// transaction holds read_committed readers for at most that long.
    public var transactionTimeout: Duration = .seconds(10)
    /// The batch compression codec. Default: `.none`.
    public var compression: Compression = .none
    /// The partitioner for records that name no partition. Default: `.murmur2Random`.
    public var partitioner: Partitioner = .murmur2Random
    /// How long the producer waits to fill a batch. Default: 5 ms.
    public var linger: Duration = .milliseconds(5)
    /// How long a record may wait for delivery, retries included, before it fails. Default: 120 s.
    public var deliveryTimeout: Duration = .seconds(120)
    /// The most records librdkafka holds in its local queue; `send` waits when it is full. Default: 100,000.
    public var queueBufferingMaxMessages: Int = 100_000
    /// The largest batch of records sent to one partition, in bytes. Default: 1 MiB.
    public var batchSize: Int = 1_048_576

    /// Creates a configuration with the documented defaults.
    public init() {}

    /// Creates a configuration for the given bootstrap servers.
    public init(bootstrapServers: [String]) {
        common.bootstrapServers = bootstrapServers
    }

    /// The full librdkafka property map, raw properties applied last.
    public func render() -> [String: String] {
        var rendered = common.renderCommon()
        rendered["enable.idempotence"] = enableIdempotence || transactionalID != nil ? "true" : "false"
        rendered["compression.codec"] = compression.description
        rendered["partitioner"] = partitioner.description
        rendered["linger.ms"] = String(linger.milliseconds)
        rendered["message.timeout.ms"] = String(deliveryTimeout.milliseconds)
        rendered["queue.buffering.max.messages"] = String(queueBufferingMaxMessages)
        rendered["batch.size"] = String(batchSize)
        if let transactionalID {
            rendered["transactional.id"] = transactionalID
            rendered["transaction.timeout.ms"] = String(transactionTimeout.milliseconds)
            // librdkafka refuses a socket or delivery timeout above the transaction timeout.
            if common.socketTimeout > transactionTimeout {
                rendered["socket.timeout.ms"] = String(transactionTimeout.milliseconds)
            }
            if deliveryTimeout > transactionTimeout {
                rendered["message.timeout.ms"] = String(transactionTimeout.milliseconds)
            }
        }
        rendered.merge(common.properties) { _, raw in raw }
        return rendered
    }
}
