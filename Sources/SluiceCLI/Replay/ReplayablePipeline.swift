import FlightDelays
import Sluice

/// A pipeline `sluice replay` knows: its application id, its topology, and the settings its own command runs it
/// with that shape the output. A user's own topology replays through the library's `Replay` instead.
struct ReplayablePipeline: Sendable {
    /// The application id the pipeline runs under.
    let applicationID: String
    /// The command that runs it live, for messages.
    let command: String
    /// The pipeline's output topics, before any suffix.
    let outputTopics: @Sendable (_ stateful: Bool) -> [String]
    /// Builds the topology; `stateful` picks the variant with windows, tables and joins.
    let makeTopology: @Sendable (_ stateful: Bool) throws -> Topology
    /// Applies the settings the pipeline's own command uses, over a configuration for the given cluster.
    let configure: @Sendable (_ configuration: inout ApplicationConfiguration) -> Void

    /// Every pipeline the command line can replay.
    static let known: [ReplayablePipeline] = [.flights]

    /// The pipeline with an application id, or `nil`.
    static func named(_ applicationID: String) -> ReplayablePipeline? {
        known.first { $0.applicationID == applicationID }
    }

    /// The flights job, as `sluice run flights` runs it (``FlightDelaysJob``): the same topology, the same
    /// dead-letter topic, compression and handling of late records.
    static let flights = ReplayablePipeline(
        applicationID: FlightDelaysTopology.applicationID,
        command: "sluice run flights",
        outputTopics: { stateful in
            [FlightDelaysTopology.cancelledTopic, FlightDelaysTopology.departedTopic]
                + (stateful
                    ? [
                        FlightDelaysTopology.hourlyTopic, FlightDelaysTopology.carrierTopic,
                        FlightDelaysTopology.lowVisibilityTopic,
                    ] : [])
        },
        makeTopology: { stateful in try FlightDelaysTopology.make(stateful: stateful) },
        configure: { configuration in
            configuration.compression = .zstd
            configuration.deadLetterTopic = FlightDelaysTopology.deadLetterTopic
            configuration.lateRecords = .deadLetter
        }
    )
}
