import Dispatch
import Glibc

/// Turns SIGINT and SIGTERM into a call of `handler` on a dispatch queue (never inside the signal handler
/// itself), as long-running commands need for a graceful stop.
///
/// The dispatch sources are created once and only cancelled afterwards, which is why the class is
/// `@unchecked Sendable`.
final class ShutdownSignals: @unchecked Sendable {
    private let sources: [any DispatchSourceSignal]

    init(handler: @escaping @Sendable (Int32) -> Void) {
        let queue = DispatchQueue(label: "sluice.signals")
        sources = [SIGINT, SIGTERM].map { signalNumber in
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: queue)
            source.setEventHandler { handler(signalNumber) }
            source.resume()
            return source
        }
    }

    func cancel() {
        sources.forEach { $0.cancel() }
    }
}
