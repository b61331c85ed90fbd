import Synchronization

/// A value that goes up and down, such as assigned partitions or a store's size; exported as a Prometheus gauge.
///
/// All operations are atomic; ``increment(by:)`` and ``decrement(by:)`` retry a compare-and-swap, so they stay
/// correct when many threads update the same gauge.
public final class Gauge: Sendable {
    private let bits = Atomic<UInt64>(0.0.bitPattern)

    init() {}

    /// Replaces the value.
    ///
    /// - Parameter value: The new value.
    public func set(_ value: Double) {
        bits.store(value.bitPattern, ordering: .relaxed)
    }

    /// Adds to the value.
    ///
    /// - Parameter amount: How much to add. Default: 1.
    public func increment(by amount: Double = 1) {
        var current = bits.load(ordering: .relaxed)
        while true {
            let next = (Double(bitPattern: current) + amount).bitPattern
            let (exchanged, original) = bits.weakCompareExchange(
                expected: current,
                desired: next,
                ordering: .relaxed
            )
            if exchanged { return }
            current = original
        }
    }

    /// Subtracts from the value.
    ///
    /// - Parameter amount: How much to subtract. Default: 1.
    public func decrement(by amount: Double = 1) {
        increment(by: -amount)
    }

    /// The current value.
    public var value: Double {
        Double(bitPattern: bits.load(ordering: .relaxed))
    }
}
