/// A mistake in how a command was invoked: an unknown option, a missing or malformed value, an extra argument.
///
/// The router prints ``message`` as one line after `error: `, then ``hint`` on the next line, and exits with
/// ``exitCode`` (2, the usual code for a usage error). Commands throw it from `init(parsed:)` for their own
/// validation too.
public struct CommandLineError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong, in one line, without the `error: ` prefix.
    public var message: String

    /// Where to look next, such as `see 'sluice load --help'`; nil for none.
    public var hint: String?

    /// The process exit code for this error. Default: 2.
    public var exitCode: Int32

    /// Creates an error.
    ///
    /// - Parameters:
    ///   - message: What is wrong, in one line.
    ///   - hint: Where to look next.
    ///   - exitCode: The exit code. Default: 2.
    public init(_ message: String, hint: String? = nil, exitCode: Int32 = 2) {
        self.message = message
        self.hint = hint
        self.exitCode = exitCode
    }

    /// `error: <message>`, followed by the hint on its own line when there is one.
    public var description: String {
        if let hint {
            return "error: \(message)\n\(hint)"
        }
        return "error: \(message)"
    }
}
