#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Why a ``MetricsServer`` could not start.
public struct MetricsServerError: Error, CustomStringConvertible, Equatable {
    private enum Code: Equatable {
        case invalidAddress
        case socketFailed
        case alreadyStarted
    }

    private let code: Code

    /// The `errno` of the failed system call, or 0.
    public let systemError: Int32

    /// A sentence for the log, naming the address and the failed call.
    public let message: String

    /// The host is not a numeric IPv4 or IPv6 address.
    public static let invalidAddress = MetricsServerError(code: .invalidAddress, systemError: 0, message: "")

    /// Creating, binding or listening on the socket failed; ``systemError`` says why (for example `EADDRINUSE`).
    public static let socketFailed = MetricsServerError(code: .socketFailed, systemError: 0, message: "")

    /// ``MetricsServer/start()`` was called on a server that is running or was stopped.
    public static let alreadyStarted = MetricsServerError(code: .alreadyStarted, systemError: 0, message: "")

    private init(code: Code, systemError: Int32, message: String) {
        self.code = code
        self.systemError = systemError
        self.message = message
    }

    static func invalidAddress(_ host: String) -> MetricsServerError {
        MetricsServerError(code: .invalidAddress, systemError: 0, message: "not a numeric IP address: \(host)")
    }

    static func socketFailed(_ call: String, address: String, errno: Int32) -> MetricsServerError {
        let reason = String(cString: strerror(errno))
        return MetricsServerError(
            code: .socketFailed,
            systemError: errno,
            message: "\(call) failed for \(address): \(reason)"
        )
    }

    static func alreadyStarted(_ address: String) -> MetricsServerError {
        MetricsServerError(
            code: .alreadyStarted,
            systemError: 0,
            message: "metrics server on \(address) already started"
        )
    }

    /// The error's message.
    public var description: String {
        "MetricsServerError: \(message)"
    }

    /// Errors are equal when their codes are, so `error == .socketFailed` works whatever the details.
    public static func == (lhs: MetricsServerError, rhs: MetricsServerError) -> Bool {
        lhs.code == rhs.code
    }
}
