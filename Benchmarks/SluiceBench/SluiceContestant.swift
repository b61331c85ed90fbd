import FlightDelays
import Foundation
import Sluice

/// Runs a Sluice topology until the harness closes the child's standard input (it has seen every output).
struct SluiceContestant {
    /// Which topology: the stateless map or the flights pipeline.
    var contestant: Contestant
    /// The broker's bootstrap servers.
    var bootstrap: String
    /// The input topic of the map.
    var inputTopic: String
    /// The output topic of the map.
    var outputTopic: String
    /// Exactly-once (`true`) or at-least-once.
    var exactlyOnce: Bool
    /// The commit interval in milliseconds.
    var commitMilliseconds: Int

    /// Builds the topology, runs it and reports what it did.
    func run() throws -> ChildReport {
        let topology: Topology
        let applicationID: String
        if contestant == .sluiceFlights {
            topology = try FlightDelaysTopology.make()
            applicationID = FlightDelaysTopology.applicationID
        } else {
            let builder = TopologyBuilder()
            builder.source(inputTopic, named: "bench-source", key: .optional(.bytes), value: .bytes)
                .mapValues(named: "bench-map") { value in
                    var mapped = value
                    if !mapped.isEmpty { mapped[0] ^= 0x20 }
                    return mapped
                }
                .to(outputTopic, named: "bench-sink", key: .optional(.bytes), value: .bytes)
            topology = try builder.build()
            applicationID = contestant.groupID ?? "bench-sluice-map"
        }
        var configuration = ApplicationConfiguration(applicationID: applicationID, bootstrapServers: [bootstrap])
        configuration.processingGuarantee = exactlyOnce ? .exactlyOnce : .atLeastOnce
        configuration.commitInterval = .milliseconds(commitMilliseconds)
        configuration.pollBatchSize = BenchSettings.pollBatch
        configuration.consumerProperties = BenchSettings.consumer
        configuration.producerProperties = BenchSettings.producer
        if exactlyOnce {
            // A transactional producer's delivery timeout must not exceed the transaction timeout.
            configuration.producerProperties["message.timeout.ms"] = "10000"
        }
        let application = StreamsApplication(topology: topology, configuration: configuration)
        Thread.detachNewThread {
            _ = FileHandle.standardInput.readDataToEndOfFile()
            application.shutdown()
        }
        let applicationReport = try application.run(stopAtEndOfInput: false)
        var report = ChildReport()
        report.consumed = applicationReport.consumedTotal
        report.produced = applicationReport.producedTotal + applicationReport.deadLettered
        report.commits = applicationReport.commits
        return report
    }
}
