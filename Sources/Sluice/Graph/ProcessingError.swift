/// Why one record could not be processed, and where in the topology it failed.
///
/// The runtime turns this error into the application's choice of fail, skip or dead letter; the dead-letter
/// headers name the ``stage`` and the ``operatorName``. Error handlers may inspect ``underlying`` (for example a
/// ``SerdeError``).
public struct ProcessingError: Error, CustomStringConvertible {
    /// The step of processing that failed.
    public enum Stage: Sendable, Hashable, CustomStringConvertible {
        /// The source's key serde rejected the record's key.
        case keyDeserialization
        /// The source's value serde rejected the record's value.
        case valueDeserialization
        /// An operator's closure threw, or the record's topic has no source in the topology.
        case processing
        /// A sink's key or value serde rejected an output.
        case serialization
        /// The record collector could not send an output.
        case production
        /// The record's event time lies in windows that had already closed: it is counted and, when the
        /// application says so, dead-lettered, never silently dropped.
        case late

        /// The stage in words, such as `value deserialization`.
        public var description: String {
            switch self {
            case .keyDeserialization: "key deserialization"
            case .valueDeserialization: "value deserialization"
            case .processing: "processing"
            case .serialization: "serialization"
            case .production: "production"
            case .late: "late"
            }
        }
    }

    /// The step that failed.
    public var stage: Stage
    /// The name of the source, operator or sink where it failed, as ``Topology/description`` shows it.
    public var operatorName: String
    /// The error that the serde, closure or collector threw.
    public var underlying: any Error

    /// Creates an error.
    /// - Parameters:
    ///   - stage: The step that failed.
    ///   - operatorName: The name of the node where it failed.
    ///   - underlying: The error that node's serde, closure or collector threw.
    public init(stage: Stage, operatorName: String, underlying: any Error) {
        self.stage = stage
        self.operatorName = operatorName
        self.underlying = underlying
    }

    /// One line naming the stage, the node and the cause, such as
    /// `value deserialization failed at source-0: nullValue: null value where Flight was expected`.
    public var description: String {
        "\(stage) failed at \(operatorName): \(underlying)"
    }
}
