import FlightDelays
import Foundation
import Sluice

/// Runs a Sluice topology until the harness closes the child's standard input (it has seen every output).
struct SluiceContestant {
    /// Which topology (``BenchTopologies``).
    var contestant: Contestant
    /// The broker's bootstrap servers.
    var bootstrap: String
    /// The input topic of the synthetic topologies.
    var inputTopic: String
    /// Exactly-once (`true`) or at-least-once.
    var exactlyOnce: Bool
    /// The commit interval in milliseconds.
    var commitMilliseconds: Int
    /// Where a stateful topology keeps its stores (a fresh folder per scenario, removed by the harness).
    var stateDirectory: String?

    /// Builds the topology, runs it and reports what it did.
    func run() throws -> ChildReport {
        let (topology, applicationID) = try BenchTopologies.make(contestant, inputTopic: inputTopic)
        var configuration = ApplicationConfiguration(applicationID: applicationID, bootstrapServers: [bootstrap])
        configuration.processingGuarantee = exactlyOnce ? .exactlyOnce : .atLeastOnce
        configuration.commitInterval = .milliseconds(commitMilliseconds)
        configuration.pollBatchSize = BenchSettings.pollBatch
        configuration.consumerProperties = BenchSettings.consumer
        configuration.producerProperties = BenchSettings.producer
        if let engine = contestant.storeEngine { configuration.storeEngine = engine }
        if let stateDirectory { configuration.stateDirectory = stateDirectory }
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
