/// An error of the broker's own API (not a Kafka protocol error code).
public struct BrokerError: Error, CustomStringConvertible, Equatable {
    /// What went wrong.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: Hashable, Sendable {
            case socket, alreadyStarted, invalidArgument, topicExists, storage
        }
        private let value: Value

        /// A socket call (socket, bind, listen) failed.
        public static let socket = Code(value: .socket)
        /// ``Broker/start()`` was called twice.
        public static let alreadyStarted = Code(value: .alreadyStarted)
        /// An argument is out of range.
        public static let invalidArgument = Code(value: .invalidArgument)
        /// ``Broker/createTopic(_:partitions:)`` named an existing topic.
        public static let topicExists = Code(value: .topicExists)
        /// A file of the data directory could not be read or written.
        public static let storage = Code(value: .storage)

        /// The code's name.
        public var description: String { "\(value)" }
    }

    /// What went wrong.
    public let code: Code
    /// A sentence for people.
    public let message: String
    /// Where the error was raised.
    public let file: String
    /// Where the error was raised.
    public let line: Int

    init(_ code: Code, _ message: String, file: String = #fileID, line: Int = #line) {
        self.code = code
        self.message = message
        self.file = file
        self.line = line
    }

    /// The code and message.
    public var description: String { "BrokerError.\(code): \(message)" }

    /// Errors are equal when their codes are.
    public static func == (lhs: BrokerError, rhs: BrokerError) -> Bool { lhs.code == rhs.code }
}
