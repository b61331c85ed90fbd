import SluiceBroker
import SluiceKafka
import SluiceTesting
import Testing

@testable import Sluice

/// Which assignment strategy a topology runs with: cooperative-sticky by default, eager (range) where a
/// sub-topology reads several topics together, and an explicit cooperative-sticky refused there.
@Suite("The assignment strategy a topology runs with")
struct AssignmentChoiceTests {
    private func singleTopic() throws -> Topology {
        let builder = TopologyBuilder()
        builder.source("flights", key: .string, value: .string)
            .mapValues { $0.uppercased() }
            .to("loud", key: .string, value: .string)
        return try builder.build()
    }

    private func streamWithTable() throws -> Topology {
        let builder = TopologyBuilder()
        let airports = builder.table("airports", named: "airport-cities", key: .string, value: .string)
        builder.source("flights", key: .string, value: .string)
            .join(airports, named: "with-city") { flight, city in "\(flight) from \(city)" }
            .to("enriched", key: .string, value: .string)
        return try builder.build()
    }

    @Test("by default a topology whose sub-topologies each read one topic is cooperative-sticky")
    func cooperativeByDefault() throws {
        let choice = try AssignmentChoice.resolve(nil, topology: try singleTopic())
        #expect(choice.strategy == .cooperativeSticky)
        #expect(choice.coPartitioned == nil)
        #expect(try AssignmentChoice.resolve(.eager, topology: try singleTopic()).strategy == .eager)
    }

    @Test("by default a sub-topology reading a stream and its table makes the topology eager, and says which")
    func eagerForCoPartitionedTopics() throws {
        let choice = try AssignmentChoice.resolve(nil, topology: try streamWithTable())
        #expect(choice.strategy == .eager)
        #expect(Set(choice.coPartitioned?.sourceTopics ?? []) == ["airports", "flights"])
    }

    @Test("an explicit cooperative-sticky is refused for co-partitioned topics, naming them")
    func explicitCooperativeRefused() throws {
        let error = #expect(throws: ApplicationError.self) {
            try AssignmentChoice.resolve(.cooperativeSticky, topology: try streamWithTable())
        }
        #expect(error?.code == .invalidConfiguration)
        #expect(error?.description.contains("needs co-partitioned assignment") == true)
        #expect(error?.description.contains("flights") == true)
    }

    @Test("a worker whose strategy no member of the group shares fails at once, saying so")
    func mixedStrategiesRefused() throws {
        let broker = Broker(configuration: BrokerConfiguration(port: 0))
        try broker.start()
        defer { broker.stop() }
        try broker.createTopic("flights", partitions: 2)
        try broker.createTopic("loud", partitions: 2)
        // An eager member, as a worker of an older version would be.
        let old = try KafkaConsumer(
            configuration: KafkaTestProfile.consumer(bootstrap: broker.bootstrapServers, groupID: "mixed")
        )
        defer { try? old.close() }
        try old.subscribe(topics: ["flights"])
        let deadline = ContinuousClock.now + .seconds(20)
        while broker.consumerGroup("mixed")?.isStable != true && ContinuousClock.now < deadline {
            _ = try old.poll(timeout: .milliseconds(100))
        }

        var configuration = ApplicationConfiguration(
            applicationID: "mixed",
            bootstrapServers: [broker.bootstrapServers]
        )
        configuration.sessionTimeout = .seconds(6)
        configuration.heartbeatInterval = .milliseconds(500)
        let started = ContinuousClock.now
        let error = #expect(throws: ApplicationError.self) {
            try StreamsApplication(topology: try singleTopic(), configuration: configuration).run()
        }
        #expect(error?.code == .invalidConfiguration)
        #expect(error?.description.contains("has members with another assignment strategy") == true)
        #expect(ContinuousClock.now - started < .seconds(20))
    }
}
