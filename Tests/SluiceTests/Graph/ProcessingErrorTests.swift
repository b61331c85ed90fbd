import Sluice
import SluiceKafka
import SluiceTesting
import Testing

@Suite("Processing errors")
struct ProcessingErrorTests {
    struct Boom: Error, CustomStringConvertible {
        var description: String { "boom" }
    }

    @Test("a bad value fails at valueDeserialization in the source")
    func badValue() throws {
        let builder = TopologyBuilder()
        builder.source("flights", key: .optional(.string), value: TestFlight.serde)
            .to("out", key: .optional(.string), value: TestFlight.serde)
        let driver = TopologyTestDriver(topology: try builder.build())

        let error = try #require(driver.pipeInput(topic: "flights", key: nil, value: Array(#"{"origin":1}"#.utf8)))
        #expect(error.stage == .valueDeserialization)
        #expect(error.operatorName == "source-0")
        #expect((error.underlying as? SerdeError)?.code == .decodingFailed)
        #expect(driver.errors.count == 1)
        #expect(driver.readOutput(topic: "out").isEmpty)

        let null = try #require(driver.pipeInput(topic: "flights", key: nil, value: nil))
        #expect(null.stage == .valueDeserialization)
        #expect(
            null.description
                == "value deserialization failed at source-0: nullValue: null value where TestFlight was expected"
        )
    }

    @Test("a bad key fails at keyDeserialization")
    func badKey() throws {
        let builder = TopologyBuilder()
        builder.source("in", named: "numbers", key: .int32, value: .string).to("out", key: .int32, value: .string)
        let driver = TopologyTestDriver(topology: try builder.build())
        let error = try #require(driver.pipeInput(topic: "in", key: [1, 2], value: Array("v".utf8)))
        #expect(error.stage == .keyDeserialization)
        #expect(error.operatorName == "numbers")
    }

    @Test("a throwing closure names its operator; the pipeline goes on with the next record")
    func throwingMap() throws {
        let builder = TopologyBuilder()
        builder.source("in", key: .string, value: .string)
            .map(named: "parse-number") { key, value in
                guard let number = Int64(value) else { throw Boom() }
                return (key, number)
            }
            .to("out", key: .string, value: .int64)
        let driver = TopologyTestDriver(topology: try builder.build())
        let input = driver.inputTopic("in", key: .string, value: .string)

        let error = try #require(try input.pipe(key: "k", value: "twelve"))
        #expect(error.stage == .processing)
        #expect(error.operatorName == "parse-number")
        #expect(error.underlying is Boom)
        #expect(error.description == "processing failed at parse-number: boom")

        try input.pipe(key: "k", value: "12")
        #expect(try driver.outputTopic("out", key: .string, value: .int64).readValues() == [12])
        #expect(driver.errors.map(\.operatorName) == ["parse-number"])
    }

    @Test(
        "every throwing operator reports its own name",
        arguments: ["filter", "filter-not", "peek", "flat-map", "branch"]
    )
    func throwingOperators(kind: String) throws {
        let builder = TopologyBuilder()
        let source = builder.source("in", key: .string, value: .string)
        let stream: RecordStream<String, String> =
            switch kind {
            case "filter": source.filter(named: "failing") { _, _ in throw Boom() }
            case "filter-not": source.filterNot(named: "failing") { _, _ in throw Boom() }
            case "peek": source.peek(named: "failing") { _, _ in throw Boom() }
            case "flat-map": source.flatMap(named: "failing") { (_, _) throws -> [(String, String)] in throw Boom() }
            default: source.branch(named: "failing", { _, _ in throw Boom() })[0]
            }
        stream.to("out", key: .string, value: .string)
        let driver = TopologyTestDriver(topology: try builder.build())
        let error = try #require(try driver.inputTopic("in", key: .string, value: .string).pipe(key: "k", value: "v"))
        #expect(error.stage == .processing)
        #expect(error.operatorName == "failing")
    }

    @Test("a sink whose serde rejects the output fails at serialization")
    func serialization() throws {
        let refusing = Serde<String>(
            serialize: { _ in throw SerdeError(.invalidValue, "refused") },
            deserialize: { _ in "" }
        )
        let builder = TopologyBuilder()
        builder.source("in", key: .string, value: .string).to("out", named: "strict", key: .string, value: refusing)
        let driver = TopologyTestDriver(topology: try builder.build())
        let error = try #require(try driver.inputTopic("in", key: .string, value: .string).pipe(key: "k", value: "v"))
        #expect(error.stage == .serialization)
        #expect(error.operatorName == "strict")
    }

    @Test("a record from a topic without a source is rejected")
    func unknownTopic() throws {
        let builder = TopologyBuilder()
        builder.source("in", key: .string, value: .string).to("out", key: .string, value: .string)
        let driver = TopologyTestDriver(topology: try builder.build())
        let error = try #require(driver.pipeInput(topic: "elsewhere", key: nil, value: nil))
        #expect((error.underlying as? TopologyError)?.code == .unknownSourceTopic)
    }
}
