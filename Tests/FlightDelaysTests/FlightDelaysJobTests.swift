import FlightDelays
import Foundation
import Sluice
import SluiceCLI
import SluiceKafka
import SluiceTesting
import Testing

@Suite("The flights job end to end on an embedded broker", .serialized)
struct FlightDelaysJobTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    private func options(_ file: String) -> FlightDelaysJob.Options {
        var options = FlightDelaysJob.Options(
            bootstrapServers: nil,
            dataPath: Self.fixtures.appendingPathComponent(file).path
        )
        options.printsProgress = false
        options.weatherPath = Self.fixtures.appendingPathComponent("weather-slice.csv").path
        return options
    }

    @Test("a 3,000-row slice is routed: 481 cancelled, 2,519 departed, books balanced")
    func slice() throws {
        let summary = try FlightDelaysJob(options: options("flights-slice.csv")).run()
        #expect(summary.loaded == 3_000)
        #expect(summary.report.consumed["flights"] == 3_000)
        #expect(summary.report.produced["flights-cancelled"] == 481)
        #expect(summary.report.produced["flights-departed"] == 2_519)
        #expect(summary.report.deadLettered == 0)
        #expect(summary.outputGrowth["flights-departed"] == 2_519)
        #expect(summary.outputGrowth["flights-cancelled"] == 481)
    }

    @Test("malformed rows land in the dead-letter topic with their reason, the rest goes on")
    func malformed() throws {
        let summary = try FlightDelaysJob(options: options("flights-malformed.csv")).run()
        #expect(summary.report.consumed["flights"] == 23)
        #expect(summary.report.produced["flights-departed"] == 14)
        #expect(summary.report.produced["flights-cancelled"] == 6)
        #expect(summary.report.deadLettered == 3)
        #expect(summary.outputGrowth["flight-delays-dlq"] == 3)
    }
}

@Suite("The flights topology, broker-free")
struct FlightDelaysTopologyTests {
    @Test("cancelled flights keep their tail number key; departed ones are re-keyed by origin")
    func routing() throws {
        let driver = TopologyTestDriver(topology: try FlightDelaysTopology.make())
        let departed =
            #"{"year":"2013","month":"1","day":"1","dep_time":"517","sched_dep_time":"515","#
            + #""dep_delay":"2","arr_time":"830","sched_arr_time":"819","arr_delay":"11","carrier":"UA","#
            + #""flight":"1545","tailnum":"N14228","origin":"EWR","dest":"IAH","air_time":"227","#
            + #""distance":"1400","hour":"5","minute":"15","time_hour":"2013-01-01T10:00:00Z"}"#
        let cancelled =
            #"{"year":"2013","month":"1","day":"1","dep_time":"NA","sched_dep_time":"1630","#
            + #""dep_delay":"NA","arr_time":"NA","sched_arr_time":"1815","arr_delay":"NA","carrier":"EV","#
            + #""flight":"4308","tailnum":"NA","origin":"EWR","dest":"RDU","air_time":"NA","#
            + #""distance":"416","hour":"16","minute":"30","time_hour":"2013-01-01T21:00:00Z"}"#
        driver.pipeInput(topic: "flights", key: Array("N14228".utf8), value: Array(departed.utf8), timestamp: 1)
        driver.pipeInput(topic: "flights", key: nil, value: Array(cancelled.utf8), timestamp: 2)
        let out = driver.readOutput(topic: "flights-departed")
        #expect(out.count == 1)
        #expect(out.first?.key == Array("EWR".utf8))
        let gone = driver.readOutput(topic: "flights-cancelled")
        #expect(gone.count == 1)
        #expect(gone.first?.key == nil)
    }
}
