import Foundation
import Sluice
import SluiceBroker
import SluiceKafka
import SluiceTesting
import Testing

/// Replays on the project's broker over TCP: plans, resets, bounded time ranges and the errors a user meets.
@Suite("Replays of a topology's input", .serialized)
struct ReplayTests {
    /// 2013-06-01T00:00:00Z.
    static let june = Int64(1_370_044_800_000)
    static let minute = Int64(60_000)

    // MARK: - Time ranges

    /// Clicks of page `a` on partition 0 and page `b` on partition 1, in the order they were written, as minutes
    /// after 10:00 on June 1st. Hourly windows with 30 minutes' grace make a lateness of 90 minutes.
    static let clicks: [(partition: Int32, page: String, minutes: [Int64])] = [
        // 11:10 starts the replay; 10:50 and 12:05 are outside [11:00, 12:00); 13:30 is the first record at
        // 12:00 + 90 minutes, so the end; 11:40 comes after it and is not read.
        (0, "a", [0, 30, 70, 50, 125, 80, 210, 100, 240]),
        // 11:00 is the start and the earliest record; 12:00 is outside; no record reaches 13:30.
        (1, "b", [60, 119, 120, 90]),
    ]

    private static func clickTopology() throws -> Topology {
        let builder = TopologyBuilder()
        builder.source("clicks", key: .string, value: .string)
            .groupByKey(named: "by-page", key: .string, value: .string)
            .windowedBy(.tumbling(size: .seconds(3600), grace: .seconds(1800)))
            .count(named: "hourly-clicks", emit: .onWindowClose)
            .map(named: "report") { window, count in ("\(window.key)@\(window.start)", count) }
            .to("click-counts", key: .string, value: .int64)
        return try builder.build()
    }

    private static func writeClicks(to broker: Broker, compressed: Bool) throws {
        try broker.createTopic("clicks", partitions: 2)
        var configuration = KafkaTestProfile.producer(bootstrap: broker.bootstrapServers)
        if compressed {
            // One zstd batch per partition: the broker answers offsets for times with the batch's first offset.
            configuration.compression = .zstd
            configuration.linger = .milliseconds(200)
        }
        let producer = try KafkaProducer(configuration: configuration)
        for (partition, page, minutes) in clicks {
            for minute in minutes {
                try producer.send(
                    KafkaProducerRecord(
                        topic: "clicks",
                        partition: partition,
                        key: Array(page.utf8),
                        value: Array("\(minute)".utf8),
                        timestamp: june + (600 + minute) * Self.minute
                    )
                )
            }
        }
        try producer.close()
    }

    private static func configuration(_ broker: Broker, id: String) -> ApplicationConfiguration {
        var configuration = ApplicationConfiguration(applicationID: id, bootstrapServers: [broker.bootstrapServers])
        configuration.sessionTimeout = .seconds(6)
        configuration.heartbeatInterval = .milliseconds(500)
        configuration.startupTimeout = .seconds(10)
        return configuration
    }

    @Test(
        "a time range processes exactly the records of [from, to) up to each partition's end",
        arguments: [false, true]
    )
    func timeRange(compressed: Bool) throws {
        let broker = Broker(configuration: BrokerConfiguration(port: 0))
        try broker.start()
        defer { broker.stop() }
        try Self.writeClicks(to: broker, compressed: compressed)
        let topology = try Self.clickTopology()
        try StreamsApplication(topology: topology, configuration: Self.configuration(broker, id: "clicks"))
            .run(stopAtEndOfInput: true)

        var configuration = Self.configuration(broker, id: "clicks-june")
        var options = ReplayOptions(
            from: .timestamp(Self.june + 11 * 60 * Self.minute),
            to: .timestamp(Self.june + 12 * 60 * Self.minute)
        )
        options.originalApplicationID = "clicks"
        options.outputSuffix = "-june"
        configuration.replay = options
        let replay = Replay(topology: topology, configuration: configuration)

        let plan = try replay.plan()
        #expect(plan.lateness == 90 * Self.minute)
        let byPartition = Dictionary(uniqueKeysWithValues: plan.partitions.map { ($0.partition.partition, $0) })
        #expect(byPartition[0].map { [$0.committed, $0.start, $0.end, $0.records] } == [9, 2, 6, 4])
        #expect(byPartition[1].map { [$0.committed, $0.start, $0.end, $0.records] } == [4, 0, 4, 4])
        #expect(plan.notes.contains { $0.contains("earliest retained record of clicks (partition 1)") })

        let summary = try replay.run()
        #expect(summary.reset.committedOffsets == 2)
        let counts = try Self.finalValues(of: "click-counts-june", broker: broker)
        let eleven = Self.june + 11 * 60 * Self.minute
        #expect(counts == ["a@\(eleven)": 2, "b@\(eleven)": 3])
    }

    // MARK: - Resets

    /// Events on 8 partitions, counted per key (a key-value store) and per kind and hour (a window store behind a
    /// repartition topic).
    private static func eventTopology() throws -> Topology {
        let builder = TopologyBuilder()
        let events = builder.source("events", key: .string, value: .string)
        events.groupByKey(named: "by-key", key: .string, value: .string)
            .count(named: "event-counts")
            .to("event-counts", key: .string, value: .int64)
        events.groupBy(named: "by-kind", key: .string, value: .string) { _, kind in kind }
            .windowedBy(.tumbling(size: .seconds(3600)))
            .count(named: "hourly-kinds")
            .map(named: "kind-report") { window, count in ("\(window.key)@\(window.start)", count) }
            .to("kind-counts", key: .string, value: .int64)
        return try builder.build()
    }

    @Test("a reset of an application with 8 partitions and two stores, then a replay in place rebuilding them")
    func resetInPlace() throws {
        let broker = Broker(configuration: BrokerConfiguration(port: 0))
        try broker.start()
        defer { broker.stop() }
        try broker.createTopic("events", partitions: 8)
        let producer = try KafkaProducer(configuration: KafkaTestProfile.producer(bootstrap: broker.bootstrapServers))
        for index in 0..<4_000 {
            try producer.send(
                KafkaProducerRecord(
                    topic: "events",
                    key: Array("key-\(index % 40)".utf8),
                    value: Array("kind-\(index % 3)".utf8),
                    timestamp: Self.june + Int64(index) * Self.minute
                )
            )
        }
        try producer.close()
        let state = FileManager.default.temporaryDirectory
            .appendingPathComponent("sluice-replay-test-\(UInt64.random(in: 0...UInt64.max))").path
        defer { try? FileManager.default.removeItem(atPath: state) }
        var configuration = Self.configuration(broker, id: "events")
        configuration.storeEngine = .rocksDB
        configuration.stateDirectory = state
        configuration.streamThreads = 2
        let topology = try Self.eventTopology()
        try StreamsApplication(topology: topology, configuration: configuration).run(stopAtEndOfInput: true)
        #expect(FileManager.default.fileExists(atPath: "\(state)/events"))

        configuration.replay = ReplayOptions(from: .beginning)
        let replay = Replay(topology: topology, configuration: configuration)
        let plan = try replay.plan()
        #expect(plan.partitions.count == 8)
        #expect(plan.partitions.allSatisfy { $0.start == 0 && $0.committed == $0.latest && $0.end == $0.latest })
        #expect(plan.recordsToReplay == 4_000)
        #expect(
            plan.internalTopics == [
                "events-by-kind-repartition", "events-event-counts-changelog", "events-hourly-kinds-changelog",
                "events-watermarks-1-changelog",
            ]
        )

        let reset = try replay.reset(plan)
        print(
            "reset of 8 partitions, two stores: \(reset.elapsed) (members \(reset.membersChecked), "
                + "delete \(reset.topicsDeleted), create \(reset.topicsCreated), commit \(reset.offsetsCommitted), "
                + "state \(reset.stateWiped))"
        )
        #expect(reset.deletedTopics == plan.internalTopics)
        #expect(reset.committedOffsets == 16, "8 source partitions and 8 repartition partitions")
        #expect(!FileManager.default.fileExists(atPath: "\(state)/events"))
        for partition in 0..<8 {
            #expect(broker.committedOffset(group: "events", topic: "events", partition: partition) == 0)
            #expect(broker.highWatermark(topic: "events-by-kind-repartition", partition: partition) == 0)
            #expect(broker.highWatermark(topic: "events-event-counts-changelog", partition: partition) == 0)
        }

        let report = try replay.runAfterReset()
        #expect(report.consumed["events"] == 4_000)
        let counts = try Self.finalValues(of: "event-counts", broker: broker)
        #expect(counts.count == 40)
        #expect(counts.values.allSatisfy { $0 == 100 }, "state rebuilt from the replayed input alone")
    }

    @Test("a reset is refused while the group has an active member, and changes nothing")
    func refusesActiveMembers() throws {
        let broker = Broker(configuration: BrokerConfiguration(port: 0))
        try broker.start()
        defer { broker.stop() }
        try Self.writeClicks(to: broker, compressed: false)
        let topology = try Self.clickTopology()
        try StreamsApplication(topology: topology, configuration: Self.configuration(broker, id: "clicks"))
            .run(stopAtEndOfInput: true)

        let member = try KafkaConsumer(
            configuration: KafkaTestProfile.consumer(bootstrap: broker.bootstrapServers, groupID: "clicks")
        )
        defer { try? member.close() }
        try member.subscribe(topics: ["clicks"])
        let deadline = ContinuousClock.now + .seconds(15)
        while try member.assignment().isEmpty, ContinuousClock.now < deadline {
            _ = try member.poll(timeout: .milliseconds(100))
        }
        let admin = try KafkaAdmin(configuration: KafkaConfiguration(bootstrapServers: [broker.bootstrapServers]))
        defer { admin.close() }
        let group = try admin.describeGroup("clicks")
        #expect(group.members.count == 1)
        #expect(try admin.describeGroup("no-such-group").members.isEmpty)

        let replay = Replay(topology: topology, configuration: Self.configuration(broker, id: "clicks"))
        let plan = try replay.plan()
        let error = #expect(throws: ApplicationError.self) { try replay.reset(plan) }
        #expect(error?.code == .activeMembers)
        #expect(error?.message.contains("1 active member") == true)
        #expect(broker.committedOffset(group: "clicks", topic: "clicks", partition: 0) == 9)
        #expect(broker.highWatermark(topic: "clicks-hourly-clicks-changelog", partition: 0) ?? 0 > 0)
    }

    // MARK: - Bad input

    @Test("bad input: a start before the data or after it, an unknown application, topic or partition")
    func badInput() throws {
        let broker = Broker(configuration: BrokerConfiguration(port: 0))
        try broker.start()
        defer { broker.stop() }
        try Self.writeClicks(to: broker, compressed: false)
        let topology = try Self.clickTopology()

        func plan(_ options: ReplayOptions, id: String = "clicks") throws -> ReplayPlan {
            var configuration = Self.configuration(broker, id: id)
            configuration.replay = options
            return try Replay(topology: topology, configuration: configuration).plan()
        }

        let unknown = #expect(throws: ApplicationError.self) { try plan(ReplayOptions()) }
        #expect(unknown?.code == .unknownApplication)
        #expect(unknown?.message.contains("unknown application 'clicks'") == true)
        try StreamsApplication(topology: topology, configuration: Self.configuration(broker, id: "clicks"))
            .run(stopAtEndOfInput: true)

        let early = try plan(ReplayOptions(from: .timestamp(Self.june - 365 * 24 * 60 * Self.minute)))
        #expect(early.partitions.allSatisfy { $0.start == $0.earliest })
        #expect(
            early.notes.contains {
                $0.contains("at or before the earliest retained record of clicks (partitions 0, 1)")
            }
        )

        let late = try plan(ReplayOptions(from: .timestamp(Self.june + 365 * 24 * 60 * Self.minute)))
        #expect(late.isEmpty)
        #expect(late.notes.contains { $0.contains("after the last record of clicks (partitions 0, 1)") })
        #expect(late.notes.contains { $0.hasPrefix("nothing to replay") })

        let beyond = try plan(
            ReplayOptions(from: .offsets([TopicPartition(topic: "clicks", partition: 0): 50]))
        )
        #expect(beyond.partitions.first?.start == 9)
        #expect(beyond.partitions.last?.start == 4, "an unlisted partition starts at the committed offset")
        #expect(beyond.notes.contains { $0.contains("past its end 9") })

        let partition = #expect(throws: ApplicationError.self) {
            try plan(ReplayOptions(from: .offsets([TopicPartition(topic: "clicks", partition: 7): 0])))
        }
        #expect(partition?.code == .unknownTopic)
        let topic = #expect(throws: ApplicationError.self) {
            try plan(ReplayOptions(from: .offsets([TopicPartition(topic: "views", partition: 0): 0])))
        }
        #expect(topic?.code == .unknownTopic)
        #expect(topic?.message.contains("'views'") == true)

        let reversed = #expect(throws: ApplicationError.self) {
            try plan(ReplayOptions(from: .timestamp(Self.june), to: .timestamp(Self.june - 1)))
        }
        #expect(reversed?.code == .invalidConfiguration)

        let missing = TopologyBuilder()
        missing.source("no-such-topic", key: .string, value: .string).to("out", key: .string, value: .string)
        var configuration = Self.configuration(broker, id: "clicks")
        configuration.replay = ReplayOptions()
        let absent = #expect(throws: ApplicationError.self) {
            try Replay(topology: try missing.build(), configuration: configuration).plan()
        }
        #expect(absent?.code == .unknownTopic)

        let unbounded = #expect(throws: ApplicationError.self) {
            try StreamsApplication(topology: topology, configuration: configuration).run()
        }
        #expect(unbounded?.code == .invalidConfiguration)
    }

    @Test("offsets for times on the project's broker: the earliest offset whose timestamp reaches the time")
    func offsetsForTimes() throws {
        let broker = Broker(configuration: BrokerConfiguration(port: 0))
        try broker.start()
        defer { broker.stop() }
        try broker.createTopic("times", partitions: 1)
        let producer = try KafkaProducer(configuration: KafkaTestProfile.producer(bootstrap: broker.bootstrapServers))
        for timestamp in [100, 300, 200, 400, 250] as [Int64] {
            try producer.send(
                KafkaProducerRecord(topic: "times", partition: 0, key: nil, value: [1], timestamp: timestamp)
            )
        }
        try producer.close()
        let consumer = try KafkaConsumer(
            configuration: KafkaTestProfile.consumer(bootstrap: broker.bootstrapServers, groupID: nil)
        )
        defer { try? consumer.close() }
        let partition = TopicPartition(topic: "times", partition: 0)
        let answers = try [50, 100, 101, 200, 300, 301, 400, 401].map { time in
            try consumer.offsetsForTimes([partition: Int64(time)])[partition]
        }
        #expect(answers == [0, 0, 1, 1, 1, 3, 3, -1])
    }

    // MARK: - Options

    @Test("options: the event-time range and what is refused")
    func options() {
        #expect(ReplayOptions().eventTimes == nil)
        #expect(ReplayOptions(from: .timestamp(5)).eventTimes == 5..<Int64.max)
        #expect(ReplayOptions(from: .beginning, to: .timestamp(9)).eventTimes == Int64.min..<9)
        #expect(ReplayOptions(from: .timestamp(5), to: .timestamp(9)).eventTimes == 5..<9)
        #expect(ReplayOptions(from: .timestamp(5), to: .timestamp(5)).problem != nil)
        #expect(ReplayOptions(from: .beginning, to: .beginning).problem != nil)
        #expect(ReplayOptions(from: .offsets([TopicPartition(topic: "t", partition: 0): -1])).problem != nil)
        #expect(ReplayPosition.offsets([TopicPartition(topic: "t", partition: 1): 7]).description == "offsets t:1:7")
    }

    // MARK: - Support

    /// The last value of each key of a topic of 64-bit counts.
    private static func finalValues(of topic: String, broker: Broker) throws -> [String: Int64] {
        let consumer = try KafkaConsumer(
            configuration: KafkaTestProfile.consumer(bootstrap: broker.bootstrapServers, groupID: nil)
        )
        defer { try? consumer.close() }
        let count = try consumer.metadata(topics: [topic]).first?.partitionCount ?? 0
        var ends: [TopicPartition: Int64] = [:]
        for partition in 0..<Int32(count) {
            let marks = try consumer.watermarks(topic: topic, partition: partition)
            if marks.high > 0 { ends[TopicPartition(topic: topic, partition: partition)] = marks.high }
        }
        guard !ends.isEmpty else { return [:] }
        try consumer.assign(ends.mapValues { _ in KafkaOffset.beginning })
        var values: [String: Int64] = [:]
        let deadline = ContinuousClock.now + .seconds(20)
        while ContinuousClock.now < deadline {
            for record in try consumer.poll(maxRecords: 1_000, timeout: .milliseconds(100)).records {
                values[String(decoding: record.key ?? [], as: UTF8.self)] = try Serde<Int64>.int64.deserialize(
                    record.value
                )
            }
            let positions = try consumer.position(Array(ends.keys))
            if ends.allSatisfy({ (positions[$0.key] ?? -1) >= $0.value }) { break }
        }
        return values
    }
}
