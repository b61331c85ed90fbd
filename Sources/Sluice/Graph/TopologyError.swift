/// Why a topology could not be built, or why a record has no place in it.
///
/// Two errors are equal when their codes are equal; the detail, file and line only help a reader.
public struct TopologyError: Error, CustomStringConvertible, Equatable {
    /// The kind of problem.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Kind: Hashable, Sendable {
            case noSource
            case emptyTopicName
            case duplicateName
            case duplicateSourceTopic
            case topicIsSourceAndSink
            case noBranchPredicates
            case foreignStream
            case unknownSourceTopic
            case notCopartitioned
            case invalidWindow
            case invalidLanes
        }

        private let kind: Kind

        private init(_ kind: Kind) {
            self.kind = kind
        }

        /// The topology reads no topic.
        public static let noSource = Code(.noSource)
        /// A source or sink names an empty topic.
        public static let emptyTopicName = Code(.emptyTopicName)
        /// Two nodes share a name.
        public static let duplicateName = Code(.duplicateName)
        /// Two sources read the same topic.
        public static let duplicateSourceTopic = Code(.duplicateSourceTopic)
        /// A topic is both read and written by the topology, which would feed its output back into itself.
        public static let topicIsSourceAndSink = Code(.topicIsSourceAndSink)
        /// A branch was given no predicates.
        public static let noBranchPredicates = Code(.noBranchPredicates)
        /// A stream from another builder was merged into this one.
        public static let foreignStream = Code(.foreignStream)
        /// A record arrived from a topic that no source of the topology reads.
        public static let unknownSourceTopic = Code(.unknownSourceTopic)
        /// Records joined or aggregated together are not partitioned alike: a key change before a join, or topics
        /// with unequal partition counts in one task.
        public static let notCopartitioned = Code(.notCopartitioned)
        /// A window has a size, advance, gap or grace that is zero or negative where it must be positive.
        public static let invalidWindow = Code(.invalidWindow)
        /// A laned operator has fewer than one lane or more than ``RecordStream/maximumLanes``, or shares its
        /// sub-topology with state stores.
        public static let invalidLanes = Code(.invalidLanes)

        /// The code's name, such as `duplicateName`.
        public var description: String {
            switch kind {
            case .noSource: "noSource"
            case .emptyTopicName: "emptyTopicName"
            case .duplicateName: "duplicateName"
            case .duplicateSourceTopic: "duplicateSourceTopic"
            case .topicIsSourceAndSink: "topicIsSourceAndSink"
            case .noBranchPredicates: "noBranchPredicates"
            case .foreignStream: "foreignStream"
            case .unknownSourceTopic: "unknownSourceTopic"
            case .notCopartitioned: "notCopartitioned"
            case .invalidWindow: "invalidWindow"
            case .invalidLanes: "invalidLanes"
            }
        }
    }

    /// The kind of problem.
    public let code: Code
    /// What is wrong, in words.
    public let detail: String
    /// The source file that raised the error.
    public let file: String
    /// The line that raised the error.
    public let line: UInt

    /// Creates an error.
    /// - Parameters:
    ///   - code: The kind of problem.
    ///   - detail: What is wrong, in words.
    ///   - file: The source file that raised the error; defaults to the caller's.
    ///   - line: The line that raised the error; defaults to the caller's.
    public init(_ code: Code, _ detail: String, file: String = #fileID, line: UInt = #line) {
        self.code = code
        self.detail = detail
        self.file = file
        self.line = line
    }

    /// The code and the detail, such as `duplicateName: two nodes are named 'parse'`.
    public var description: String {
        "\(code): \(detail)"
    }

    /// Compares codes only.
    public static func == (lhs: TopologyError, rhs: TopologyError) -> Bool {
        lhs.code == rhs.code
    }
}
