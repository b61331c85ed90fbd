import Sluice
import SluiceKafka
import SluiceTesting
import Testing

@Suite("Grouped aggregations in the test driver")
struct GroupedAggregationTests {
    /// The latest value of each key in a changelog, as a compacted topic keeps it; `nil` for a deleted key.
    func latest(_ records: [TopologyTestDriver.OutputRecord]) throws -> [String: Int64?] {
        var values: [String: Int64?] = [:]
        for record in records {
            let key = try Serde<String>.string.deserialize(record.key)
            values[key] = try record.value.map { try Serde<Int64>.int64.deserialize($0) }
        }
        return values
    }

    @Test("count after groupByKey keeps one count per key, without a repartition topic")
    func countByKey() throws {
        let builder = TopologyBuilder()
        builder.source("clicks", key: .string, value: .string)
            .groupByKey(key: .string, value: .string)
            .count(named: "clicks-per-user")
            .to("counts", key: .string, value: .int64)
        let driver = TopologyTestDriver(topology: try builder.build())
        #expect(driver.topology.internalTopics.isEmpty)

        let clicks = driver.inputTopic("clicks", key: .string, value: .string)
        for user in ["ann", "bob", "ann", "ann"] { try clicks.pipe(key: user, value: "/home") }

        let counts = try driver.outputTopic("counts", key: .string, value: .int64).readKeyValues()
        #expect(counts.map { "\($0.key)=\($0.value)" } == ["ann=1", "bob=1", "ann=2", "ann=3"])
        #expect(try latest(driver.changelog(of: "clicks-per-user")) == ["ann": 3, "bob": 1])
        #expect(
            driver.changelog(of: "clicks-per-user").allSatisfy { $0.topic == "test-driver-clicks-per-user-changelog" }
        )
        #expect(driver.outputTopicNames == ["counts"])
        #expect(driver.errors.isEmpty)
    }

    @Test("reduce after groupByKey combines values, a key's first value standing alone")
    func reduceByKey() throws {
        let builder = TopologyBuilder()
        builder.source("amounts", key: .string, value: .int64)
            .groupByKey(key: .string, value: .int64)
            .reduce(named: "totals") { total, amount in total + amount }
            .to("totals", key: .string, value: .int64)
        let driver = TopologyTestDriver(topology: try builder.build())
        let amounts = driver.inputTopic("amounts", key: .string, value: .int64)
        try amounts.pipe([("a", 5), ("b", 7), ("a", 10), ("b", -2)])

        let totals = try driver.outputTopic("totals", key: .string, value: .int64).readKeyValues()
        #expect(totals.map { "\($0.key)=\($0.value)" } == ["a=5", "b=7", "a=15", "b=5"])
    }

    @Test("aggregate folds records into a value of another type, starting from the initial value")
    func aggregateByKey() throws {
        let builder = TopologyBuilder()
        builder.source("letters", key: .string, value: .string)
            .groupByKey(key: .string, value: .string)
            .aggregate(named: "words", initial: { "" }, value: .string) { _, letter, word in word + letter }
            .to("words", key: .string, value: .string)
        let driver = TopologyTestDriver(topology: try builder.build())
        let letters = driver.inputTopic("letters", key: .string, value: .string)
        try letters.pipe([("x", "s"), ("y", "a"), ("x", "k"), ("x", "y")])

        let words = try driver.outputTopic("words", key: .string, value: .string).readLatestValuesByKey()
        #expect(words == ["x": "sky", "y": "a"])
    }

    @Test("groupByKey after a key change goes through a repartition topic")
    func groupByKeyAfterKeyChange() throws {
        let builder = TopologyBuilder()
        builder.source("lines", key: .string, value: .string)
            .selectKey { _, line in line }
            .groupByKey(named: "by-line", key: .string, value: .string)
            .count(named: "line-counts")
            .to("counts", key: .string, value: .int64)
        let driver = TopologyTestDriver(topology: try builder.build())
        #expect(driver.topology.internalTopics == ["test-driver-by-line-repartition"])

        let lines = driver.inputTopic("lines", key: .string, value: .string)
        try lines.pipe([("1", "x"), ("2", "y"), ("3", "x")])
        let counts = try driver.outputTopic("counts", key: .string, value: .int64).readLatestValuesByKey()
        #expect(counts == ["x": 2, "y": 1])
    }

    @Test("groupBy moves records between tasks: each key is counted whole, by the task of its partition")
    func groupByAcrossPartitions() throws {
        let builder = TopologyBuilder()
        builder.source("sightings", key: .string, value: .string)
            .groupBy(named: "by-bird", key: .string, value: .string) { _, bird in bird }
            .count(named: "birds")
            .to("bird-counts", key: .string, value: .int64)
        let driver = TopologyTestDriver(topology: try builder.build(), partitionCounts: ["sightings": 3])
        let repartition = "test-driver-by-bird-repartition"
        #expect(driver.topology.internalTopics == [repartition])

        // Each bird is seen on every input partition, so its sightings must be brought together.
        let birds = ["wren", "robin", "heron", "owl", "kite", "swift"]
        let sightings = driver.inputTopic("sightings", key: .string, value: .string)
        for partition: Int32 in 0..<3 {
            for bird in birds { try sightings.pipe(key: "observer-\(partition)", value: bird, partition: partition) }
        }

        let counts = try driver.outputTopic("bird-counts", key: .string, value: .int64).readLatestValuesByKey()
        #expect(counts == Dictionary(uniqueKeysWithValues: birds.map { ($0, Int64(3)) }))
        #expect(driver.errors.isEmpty)
        #expect(!driver.outputTopicNames.contains(repartition))

        // The count of a bird lives in the task of the bird's partition of the repartition topic (three of them,
        // like the input), whatever partition its sightings came in on.
        let changelog = driver.changelog(of: "birds")
        #expect(Set(changelog.map(\.partition)).count > 1)
        for record in changelog {
            let bird = try Serde<String>.string.deserialize(record.key)
            let expected = Int32(bitPattern: TopologyTestDriver.murmur2(Array(bird.utf8)) & 0x7fff_ffff) % 3
            #expect(record.partition == expected, "\(bird)")
        }
        #expect(try latest(changelog) == Dictionary(uniqueKeysWithValues: birds.map { ($0, Int64(3)) }))
    }

    @Test("the application id names repartition topics and changelogs")
    func applicationID() throws {
        let builder = TopologyBuilder()
        builder.source("sightings", key: .string, value: .string)
            .groupBy(named: "by-bird", key: .string, value: .string) { _, bird in bird }
            .count(named: "birds")
            .to("bird-counts", key: .string, value: .int64)
        let driver = TopologyTestDriver(topology: try builder.build(), applicationID: "aviary")
        #expect(driver.topology.internalTopics == ["aviary-by-bird-repartition"])
        #expect(driver.topology.sourceTopics.contains("aviary-by-bird-repartition"))

        try driver.inputTopic("sightings", key: .string, value: .string).pipe(key: "me", value: "wren")
        #expect(driver.changelog(of: "birds").map(\.topic) == ["aviary-birds-changelog"])
    }
}
