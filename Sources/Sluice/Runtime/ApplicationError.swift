/// Why a ``StreamsApplication`` could not start or had to stop.
public struct ApplicationError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure it is.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        /// The code's name.
        public var description: String
        /// The cluster could not be reached within the start-up timeout.
        public static let unreachable = Code(description: "unreachable")
        /// A source or sink topic does not exist.
        public static let unknownTopic = Code(description: "unknown_topic")
        /// The configuration is invalid.
        public static let invalidConfiguration = Code(description: "invalid_configuration")
        /// A record failed and the error policy is `.fail`.
        public static let processingFailed = Code(description: "processing_failed")
        /// A commit, a delivery or the client itself failed.
        public static let kafka = Code(description: "kafka")
    }

    /// The failure's kind.
    public var code: Code
    /// One line saying what went wrong and, where it helps, what to do.
    public var message: String

    /// Creates an error.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
