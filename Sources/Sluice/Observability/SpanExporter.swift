import Foundation
import Glibc
import Synchronization

/// Sends finished spans to an OTLP/HTTP JSON endpoint in batches, from a thread of its own.
///
/// The queue is bounded: when the endpoint is slow or down, spans beyond ``TracingConfiguration/maxQueuedSpans``
/// are dropped and counted, never blocking a stream thread. A failed request is logged (rate-limited) and its
/// spans are dropped.
public final class SpanExporter: Sendable {
    private let endpoint: HTTPEndpoint
    private let configuration: TracingConfiguration
    private let serviceName: String
    private let logger: Logger
    private let state = Mutex(State())
    private let running = Atomic<Bool>(true)
    private let finished = DispatchSemaphore(value: 0)
    private let errorLog = LogRateLimiter(limit: 3, interval: .seconds(60))
    /// Spans dropped because the queue was full or a request failed.
    public let dropped: Counter
    /// Spans the endpoint accepted.
    public let exported: Counter

    private struct State {
        var queue: [Span] = []
    }

    /// Starts an exporter.
    /// - Throws: ``ApplicationError`` when the endpoint is not an `http://host:port/path` URL.
    public init(configuration: TracingConfiguration, serviceName: String, logger: Logger, metrics: MetricsRegistry)
        throws
    {
        guard let address = configuration.exportEndpoint, let endpoint = HTTPEndpoint(address) else {
            throw ApplicationError(
                .invalidConfiguration,
                "tracing export endpoint '\(configuration.exportEndpoint ?? "")' is not an http://host:port/path URL"
            )
        }
        self.endpoint = endpoint
        self.configuration = configuration
        self.serviceName = serviceName
        self.logger = logger
        dropped = metrics.counter("sluice_spans_dropped_total", help: "Spans dropped: queue full or export failed.")
        exported = metrics.counter("sluice_spans_exported_total", help: "Spans accepted by the OTLP endpoint.")
        let thread = Thread { [self] in
            while running.load(ordering: .acquiring) {
                Thread.sleep(forTimeInterval: configuration.exportInterval.totalSeconds)
                flush()
            }
            flush()
            finished.signal()
        }
        thread.name = "sluice-span-exporter"
        thread.start()
    }

    /// Queues a finished span; drops it when the queue is full.
    public func record(_ span: Span) {
        let accepted = state.withLock { state in
            guard state.queue.count < configuration.maxQueuedSpans else { return false }
            state.queue.append(span)
            return true
        }
        if !accepted { dropped.increment() }
    }

    /// Sends what is queued, then stops the exporter thread.
    public func stop() {
        if running.exchange(false, ordering: .acquiringAndReleasing) {
            finished.wait()
        }
    }

    private func flush() {
        while true {
            let batch: [Span] = state.withLock { state in
                let taken = Array(state.queue.prefix(512))
                state.queue.removeFirst(taken.count)
                return taken
            }
            guard !batch.isEmpty else { return }
            do {
                try endpoint.post(body: OTLPJSON.encode(batch, serviceName: serviceName))
                exported.increment(by: Int64(batch.count))
            } catch {
                dropped.increment(by: Int64(batch.count))
                errorLog.log(
                    logger,
                    level: .warning,
                    "span export failed",
                    metadata: [LogKey.error: .string(String(describing: error))]
                )
            }
        }
    }
}
