import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A small HTTP server for operators and Prometheus: `GET /metrics` (the registry as Prometheus text),
/// `GET /healthz` (200 while the process runs) and `GET /readyz` (200 when the readiness closure says so, else
/// 503).
///
/// The server runs on one dedicated thread of its own, never on Swift's cooperative pool, and multiplexes its
/// connections with `poll(2)`. It is built to stay up whatever clients do: at most
/// ``Configuration/maxConnections`` at a time, request heads capped at ``Configuration/maxRequestBytes``, a
/// deadline per connection (``Configuration/requestTimeout``) for slow clients, one request per connection
/// (`Connection: close`), only `GET` and `HEAD` (405 otherwise), 404 for other paths, 400 for a malformed
/// request line.
///
/// - Important: It speaks plain HTTP with no authentication: bind it to loopback or a private interface. The
///   registry's collectors and the readiness closure run on the server's thread, one request at a time, so a
///   slow collector delays every request. Request bodies are not read.
public final class MetricsServer: Sendable {
    private enum State {
        case idle
        case running(port: Int, wakeFileDescriptor: Int32, finished: DispatchSemaphore)
        case stopped
    }

    /// The address, port and limits.
    public let configuration: Configuration

    private let registry: MetricsRegistry
    private let readiness: @Sendable () -> Bool
    private let state = Mutex(State.idle)

    /// Creates a server; it listens only after ``start()``.
    ///
    /// - Parameters:
    ///   - registry: The metrics to serve.
    ///   - configuration: Address, port and limits. Default: loopback, any free port.
    ///   - readiness: Called for each `/readyz` request: `true` when the application is assigned partitions and
    ///     done restoring. Default: always ready.
    public init(
        registry: MetricsRegistry,
        configuration: Configuration = Configuration(),
        readiness: @escaping @Sendable () -> Bool = { true }
    ) {
        precondition(configuration.maxConnections >= 1, "MetricsServer needs maxConnections >= 1")
        precondition(configuration.maxRequestBytes >= 64, "MetricsServer needs maxRequestBytes >= 64")
        precondition(configuration.requestTimeout > .zero, "MetricsServer needs a positive requestTimeout")
        self.registry = registry
        self.configuration = configuration
        self.readiness = readiness
    }

    deinit {
        stop()
    }

    /// The port the server listens on while it runs, or `nil`.
    public var port: Int? {
        state.withLock { state in
            if case .running(let port, _, _) = state { port } else { nil }
        }
    }

    /// Binds the socket and starts the server thread.
    ///
    /// - Returns: The bound port, which differs from the configured one when that was 0.
    /// - Throws: ``MetricsServerError``: ``MetricsServerError/invalidAddress``, ``MetricsServerError/socketFailed``
    ///   (for example when the port is taken) or ``MetricsServerError/alreadyStarted``.
    @discardableResult
    public func start() throws(MetricsServerError) -> Int {
        let address = "\(configuration.host):\(configuration.port)"
        return try state.withLock { state throws(MetricsServerError) -> Int in
            guard case .idle = state else { throw .alreadyStarted(address) }

            let listener = try ListeningSocket.bind(host: configuration.host, port: configuration.port)
            var wake: [Int32] = [-1, -1]
            guard pipe(&wake) == 0 else {
                let error = errno
                close(listener.fileDescriptor)
                throw .socketFailed("pipe", address: address, errno: error)
            }
            _ = fcntl(wake[0], F_SETFL, O_NONBLOCK)
            _ = fcntl(wake[0], F_SETFD, FD_CLOEXEC)
            _ = fcntl(wake[1], F_SETFD, FD_CLOEXEC)

            let finished = DispatchSemaphore(value: 0)
            let loop = MetricsServerLoop(
                listenFileDescriptor: listener.fileDescriptor,
                wakeFileDescriptor: wake[0],
                configuration: configuration,
                registry: registry,
                readiness: readiness
            )
            let thread = Thread {
                var loop = loop
                loop.run()
                finished.signal()
            }
            thread.name = "sluice-metrics-server"
            thread.start()

            state = .running(port: listener.port, wakeFileDescriptor: wake[1], finished: finished)
            return listener.port
        }
    }

    /// Stops listening, closes every connection and waits for the server thread to end. Safe to call more than
    /// once; a stopped server cannot be started again.
    ///
    /// - Important: Blocks the caller for as long as the server thread needs to notice, which is at most the
    ///   time of the request it is answering.
    public func stop() {
        let running = state.withLock { state -> (Int32, DispatchSemaphore)? in
            defer { state = .stopped }
            if case .running(_, let wake, let finished) = state { return (wake, finished) }
            return nil
        }
        guard let (wake, finished) = running else { return }

        var byte: UInt8 = 1
        _ = write(wake, &byte, 1)
        finished.wait()
        close(wake)
    }

    /// Answers one parsed request.
    static func response(
        to request: HTTPRequestHead,
        registry: MetricsRegistry,
        readiness: () -> Bool
    ) -> HTTPResponse {
        guard request.method == "GET" || request.method == "HEAD" else {
            var response = HTTPResponse.plain(405, "Method Not Allowed")
            response.extraHeaders = [("Allow", "GET, HEAD")]
            return response
        }
        switch request.path {
        case "/metrics":
            return HTTPResponse(
                status: 200,
                reason: "OK",
                contentType: MetricsRegistry.prometheusContentType,
                body: registry.prometheusText()
            )
        case "/healthz":
            return HTTPResponse(status: 200, reason: "OK", body: "ok\n")
        case "/readyz":
            return readiness()
                ? HTTPResponse(status: 200, reason: "OK", body: "ready\n")
                : HTTPResponse(status: 503, reason: "Service Unavailable", body: "not ready\n")
        default:
            return .plain(404, "Not Found")
        }
    }
}
