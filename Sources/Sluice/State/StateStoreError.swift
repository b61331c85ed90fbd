/// A state store or its storage engine failed: the message says which store, which operation, and why.
public struct StateStoreError: Error, CustomStringConvertible, Sendable {
    /// What went wrong, written for an operator.
    public var message: String

    /// Creates an error with a message written for an operator.
    ///
    /// - Parameter message: What went wrong; name the store or directory and the operation.
    public init(_ message: String) {
        self.message = message
    }

    /// The message.
    public var description: String {
        message
    }
}
