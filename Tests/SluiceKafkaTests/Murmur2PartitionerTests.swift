import Foundation
import Sluice
import SluiceBroker
import SluiceKafka
import SluiceTesting
import Testing

/// Sluice places keyed records where Kafka's Java client places them: `toPositive(murmur2(key)) % partitions`,
/// checked against hashes published by Kafka and librdkafka rather than against another implementation.
///
/// The expected hashes come from two public test suites (the values only; no code was taken):
/// - Kafka's `UtilsTest.testMurmur2`, which checks `org.apache.kafka.common.utils.Utils.murmur2`:
///   https://github.com/apache/kafka/blob/trunk/clients/src/test/java/org/apache/kafka/common/utils/UtilsTest.java
/// - librdkafka's `unittest_murmur2`, whose expected values are, as its comments say, the Java client's
///   results, including the empty key (`0x106e08d9`, 275646681):
///   https://github.com/confluentinc/librdkafka/blob/master/src/rdmurmur2.c
@Suite("murmur2 partitioning matches the Java client", .serialized)
struct Murmur2PartitionerTests {
    /// A key and the signed 32-bit `Utils.murmur2` of its UTF-8 bytes.
    struct Vector: Sendable, CustomStringConvertible {
        var key: String
        var hash: Int32

        init(_ key: String, _ hash: Int32) {
            self.key = key
            self.hash = hash
        }

        init(_ key: String, hex: UInt32) {
            self.init(key, Int32(bitPattern: hex))
        }

        var bytes: [UInt8] { Array(key.utf8) }

        /// The Java client's partition: `Utils.toPositive(hash) % partitions`, where `toPositive` clears the
        /// sign bit.
        func partition(of partitions: Int32) -> Int32 {
            (hash & 0x7fff_ffff) % partitions
        }

        var description: String { "\"\(key)\"" }
    }

    /// From Kafka's `UtilsTest.testMurmur2`.
    static let kafkaVectors = [
        Vector("21", -973_932_308),
        Vector("foobar", -790_332_482),
        Vector("a-little-bit-long-string", -985_981_536),
        Vector("a-little-bit-longer-string", -1_486_304_829),
        Vector("lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8", -58_897_971),
        Vector("abc", 479_470_107),
    ]

    /// From librdkafka's `unittest_murmur2` (it feeds suffixes of two strings to exercise unaligned reads).
    static let librdkafkaVectors = [
        Vector("kafka", hex: 0xd067_cf64),
        Vector("giberish123456789", hex: 0x8f55_2b0c),
        Vector("1234", hex: 0x9fc9_7b14),
        Vector("234", hex: 0xe7c0_09ca),
        Vector("34", hex: 0x8739_30da),
        Vector("4", hex: 0x5a4b_5ca1),
        Vector("PreAmbleWillBeRemoved,ThePrePartThatIs", hex: 0x7842_4f1c),
        Vector("reAmbleWillBeRemoved,ThePrePartThatIs", hex: 0x4a62_b377),
        Vector("eAmbleWillBeRemoved,ThePrePartThatIs", hex: 0xe0e4_e09e),
        Vector("AmbleWillBeRemoved,ThePrePartThatIs", hex: 0x62b8_b43f),
        Vector("", hex: 0x106e_08d9),
    ]

    static let vectors = kafkaVectors + librdkafkaVectors
    static let partitionCounts: [Int32] = [1, 3, 4, 6, 8, 32]

    @Test("the published vectors are what they claim: the empty key hashes to 275646681")
    func emptyKeyVector() {
        #expect(Self.librdkafkaVectors.last?.key == "")
        #expect(Self.librdkafkaVectors.last?.hash == 275_646_681)
    }

    @Test("TopologyTestDriver.murmur2 gives the published hash", arguments: vectors)
    func testDriverHash(vector: Vector) {
        #expect(Int32(bitPattern: TopologyTestDriver.murmur2(vector.bytes)) == vector.hash)
    }

    @Test("this target's JavaPartitioner gives the published hash", arguments: vectors)
    func javaPartitionerHash(vector: Vector) {
        #expect(JavaPartitioner.murmur2(vector.bytes) == vector.hash)
    }

    @Test("the partition is (hash & 0x7fffffff) % n for n in 1, 3, 4, 6, 8, 32", arguments: vectors)
    func partitions(vector: Vector) {
        let unsigned = UInt32(bitPattern: vector.hash) & 0x7fff_ffff
        for count in Self.partitionCounts {
            let expected = vector.partition(of: count)
            #expect(expected >= 0 && expected < count)
            #expect(UInt32(expected) == unsigned % UInt32(count))
            #expect(JavaPartitioner.partition(for: vector.bytes, partitionCount: count) == expected)
        }
    }

    @Test("the test driver places keyed outputs on the Java partition for every partition count")
    func testDriverPlacement() throws {
        for count in Self.partitionCounts {
            let builder = TopologyBuilder()
            builder.source("in", key: .optional(.string), value: .string)
                .to("out", key: .optional(.string), value: .string)
            let driver = TopologyTestDriver(
                topology: try builder.build(),
                partitionCounts: ["in": 1, "out": Int(count)]
            )
            for vector in Self.vectors {
                driver.pipeInput(topic: "in", key: vector.bytes, value: Array("v".utf8), partition: 0)
            }
            let outputs = driver.readOutput(topic: "out")
            #expect(outputs.count == Self.vectors.count)
            for (vector, output) in zip(Self.vectors, outputs) {
                #expect(output.key == vector.bytes)
                #expect(output.partition == vector.partition(of: count), "\(vector) over \(count) partitions")
            }
        }
    }

    @Test("librdkafka's murmur2_random producer puts each key on the Java partition of a 6-partition topic")
    func producerPlacement() throws {
        let broker = Broker(configuration: BrokerConfiguration(port: 0))
        try broker.start()
        defer { broker.stop() }
        try broker.createTopic("murmur2-placed", partitions: 6)
        let bootstrap = broker.bootstrapServers

        // The project's producer configuration, with its default partitioner.
        let configuration = KafkaTestProfile.producer(bootstrap: bootstrap)
        #expect(configuration.partitioner == .murmur2Random)
        let producer = try KafkaProducer(configuration: configuration)
        for vector in Self.vectors {
            try producer.send(
                KafkaProducerRecord(topic: "murmur2-placed", key: vector.bytes, value: Array("keyed".utf8))
            )
        }
        // Null keys are not hashed: murmur2_random spreads them at random, sticking to one partition for a
        // short linger (sticky.partitioning.linger.ms), so they go in batches with pauses between.
        let nullBatches = 12
        for _ in 0..<nullBatches {
            for _ in 0..<5 {
                try producer.send(KafkaProducerRecord(topic: "murmur2-placed", key: nil, value: Array("null".utf8)))
            }
            Thread.sleep(forTimeInterval: 0.03)
        }
        try producer.flush()
        try producer.close()

        let consumer = try KafkaConsumer(configuration: KafkaTestProfile.consumer(bootstrap: bootstrap, groupID: nil))
        defer { try? consumer.close() }
        try consumer.assign(
            Dictionary(
                uniqueKeysWithValues: (0..<6).map {
                    (TopicPartition(topic: "murmur2-placed", partition: $0), KafkaOffset.beginning)
                }
            )
        )
        let expectedCount = Self.vectors.count + nullBatches * 5
        let records = try KafkaTestProfile.drain(consumer) { $0.count >= expectedCount }
        #expect(records.count == expectedCount)

        let keyed = records.filter { $0.key != nil }
        #expect(keyed.count == Self.vectors.count)
        for vector in Self.vectors {
            let landed = keyed.filter { $0.key == vector.bytes }.map(\.partition)
            #expect(landed == [vector.partition(of: 6)], "\(vector)")
        }

        // An empty key is a key: it is hashed (275646681 % 6 == 3). A null key is not: null-keyed records do
        // not all land on the empty key's partition.
        #expect(keyed.first { $0.key == [] }?.partition == 3)
        let nullPartitions = Set(records.filter { $0.key == nil }.map(\.partition))
        #expect(nullPartitions != [3])
    }
}
