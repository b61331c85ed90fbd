import Sluice
import Testing

@Suite("Topology building and description")
struct TopologyBuilderTests {
    func flightsBuilder() -> TopologyBuilder {
        let builder = TopologyBuilder()
        let flights = builder.source("flights", key: .optional(.string), value: TestFlight.serde)
        let branches = flights.branch(named: "by-status", { _, f in f.isCancelled }, { _, _ in true })
        branches[0].to("flights-cancelled", key: .optional(.string), value: TestFlight.serde)
        branches[1].selectKey { _, f in f.origin }.to("flights-departed", key: .string, value: TestFlight.serde)
        return builder
    }

    @Test("description lists sources, processors and sinks with their topics and edges")
    func description() throws {
        let topology = try flightsBuilder().build()
        #expect(
            topology.description == """
                Sub-topology 0
                  Source source-0 (topic: flights)
                    --> by-status
                  Processor by-status (branch)
                    --> by-status-0, by-status-1
                    <-- source-0
                  Processor by-status-0 (branch output 0)
                    --> sink-4
                    <-- by-status
                  Processor by-status-1 (branch output 1)
                    --> select-key-5
                    <-- by-status
                  Sink sink-4 (topic: flights-cancelled)
                    <-- by-status-0
                  Processor select-key-5 (select-key)
                    --> sink-6
                    <-- by-status-1
                  Sink sink-6 (topic: flights-departed)
                    <-- select-key-5

                """
        )
        #expect(topology.sourceTopics == ["flights"])
        #expect(topology.sinkTopics == ["flights-cancelled", "flights-departed"])
    }

    @Test("default names count every node, as map-3 after three nodes")
    func defaultNames() throws {
        let builder = TopologyBuilder()
        builder.source("a", key: .string, value: .string)
            .filter { _, _ in true }
            .peek { _, _ in }
            .map { key, value in (key, value) }
            .to("b", key: .string, value: .string)
        let description = try builder.build().description
        for name in ["source-0", "filter-1", "peek-2", "map-3", "sink-4"] {
            #expect(description.contains(" \(name) "))
        }
    }

    @Test("unconnected parts of the graph are separate sub-topologies; merged ones join")
    func subTopologies() throws {
        let builder = TopologyBuilder()
        builder.source("a", key: .string, value: .string).to("a-out", key: .string, value: .string)
        let b = builder.source("b", key: .string, value: .string)
        let c = builder.source("c", key: .string, value: .string)
        b.merge(c, named: "b-and-c").to("bc-out", key: .string, value: .string)
        let topology = try builder.build()
        let description = topology.description
        #expect(description.contains("Sub-topology 0\n  Source source-0 (topic: a)"))
        #expect(description.contains("Sub-topology 1\n  Source source-2 (topic: b)\n"))
        #expect(!description.contains("Sub-topology 2"))
        #expect(description.contains("  Processor b-and-c (merge)\n    --> sink-5\n    <-- source-2, source-3\n"))
        #expect(topology.sourceTopics == ["a", "b", "c"])
        #expect(topology.sinkTopics == ["a-out", "bc-out"])
    }

    @Test("a builder without sources does not build")
    func noSource() {
        #expect(throws: TopologyError(.noSource, "")) { try TopologyBuilder().build() }
    }

    @Test("a topic that is both source and sink does not build")
    func sourceAndSink() {
        let builder = TopologyBuilder()
        builder.source("loop", key: .string, value: .string).to("loop", key: .string, value: .string)
        let error = #expect(throws: TopologyError.self) { try builder.build() }
        #expect(error?.code == .topicIsSourceAndSink)
        #expect(error?.detail.contains("'loop'") == true)
    }

    @Test("two nodes with one name do not build")
    func duplicateNames() {
        let builder = TopologyBuilder()
        let source = builder.source("in", key: .string, value: .string)
        source.mapValues(named: "parse") { $0 }.to("out", key: .string, value: .string)
        source.filter(named: "parse") { _, _ in true }.to("out", key: .string, value: .string)
        let error = #expect(throws: TopologyError.self) { try builder.build() }
        #expect(error?.code == .duplicateName)
        #expect(error?.description == "duplicateName: two nodes are named 'parse'")
    }

    @Test("two sources of one topic, an empty topic, an empty branch and a foreign merge do not build")
    func otherProblems() {
        let twice = TopologyBuilder()
        _ = twice.source("in", key: .string, value: .string)
        _ = twice.source("in", key: .string, value: .string)
        #expect(throws: TopologyError(.duplicateSourceTopic, "")) { try twice.build() }

        let empty = TopologyBuilder()
        empty.source("", key: .string, value: .string).to("out", key: .string, value: .string)
        #expect(throws: TopologyError(.emptyTopicName, "")) { try empty.build() }

        let noPredicates = TopologyBuilder()
        _ = noPredicates.source("in", key: .string, value: .string).branch()
        #expect(throws: TopologyError(.noBranchPredicates, "")) { try noPredicates.build() }

        let first = TopologyBuilder()
        let second = TopologyBuilder()
        let foreign = second.source("other", key: .string, value: .string)
        first.source("in", key: .string, value: .string).merge(foreign).to("out", key: .string, value: .string)
        #expect(throws: TopologyError(.foreignStream, "")) { try first.build() }
    }

    @Test("a topology is a snapshot: nodes added later appear only in the next build")
    func snapshot() throws {
        let builder = TopologyBuilder()
        let source = builder.source("in", key: .string, value: .string)
        let first = try builder.build()
        source.to("out", key: .string, value: .string)
        let second = try builder.build()
        #expect(first.sinkTopics.isEmpty)
        #expect(second.sinkTopics == ["out"])
    }
}
