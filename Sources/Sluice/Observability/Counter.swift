import Synchronization

/// A value that only goes up, such as records consumed; exported as a Prometheus counter.
///
/// Get one from ``MetricsRegistry/counter(_:help:labels:)`` once and keep it: incrementing is a single atomic
/// add, cheap enough to do per record.
public final class Counter: Sendable {
    private let storage = Atomic<Int64>(0)

    /// Creates a counter outside any registry (histograms use these for their buckets).
    init() {}

    /// Adds to the counter.
    ///
    /// - Parameter amount: How much to add; must not be negative. Default: 1.
    @inline(__always)
    public func increment(by amount: Int64 = 1) {
        precondition(amount >= 0, "Counter.increment(by:) needs a non-negative amount, got \(amount)")
        storage.add(amount, ordering: .relaxed)
    }

    /// The current value.
    public var value: Int64 {
        storage.load(ordering: .relaxed)
    }
}
