import Foundation
import Synchronization

/// Counts observations into buckets, such as processing latencies; exported as a Prometheus histogram with
/// cumulative `_bucket` series, `_sum` and `_count`.
///
/// Observing is lock-free: one atomic add on the bucket the value falls into and a compare-and-swap on the sum.
/// A scrape reads the buckets one by one, so it may see an observation in a bucket but not yet in the sum;
/// `_count` is derived from the buckets and always matches the `+Inf` bucket.
public final class Histogram: Sendable {
    /// Bucket bounds for latencies in seconds, from half a millisecond to ten seconds.
    public static let latencyBuckets: [Double] = [
        0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
    ]

    /// Makes `count` bucket bounds starting at `start`, each `factor` times the one before.
    ///
    /// - Parameters:
    ///   - start: The first upper bound; positive.
    ///   - factor: The growth factor; greater than 1.
    ///   - count: The number of bounds; at least 1.
    /// - Returns: The bounds, ascending.
    public static func exponentialBuckets(start: Double, factor: Double, count: Int) -> [Double] {
        precondition(
            start > 0 && factor > 1 && count >= 1,
            "exponentialBuckets needs start > 0, factor > 1, count >= 1"
        )
        return (0..<count).map { start * pow(factor, Double($0)) }
    }

    /// The upper bounds of the buckets, ascending, without the implicit `+Inf`.
    public let upperBounds: [Double]

    /// One cell per bound plus one for `+Inf`; each counts the observations of its bucket alone.
    private let cells: [Counter]
    private let sumBits = Atomic<UInt64>(0.0.bitPattern)

    init(upperBounds: [Double]) {
        precondition(!upperBounds.isEmpty, "A histogram needs at least one bucket bound")
        precondition(upperBounds.allSatisfy(\.isFinite), "Histogram bucket bounds must be finite: \(upperBounds)")
        precondition(
            zip(upperBounds, upperBounds.dropFirst()).allSatisfy { $0 < $1 },
            "Histogram bucket bounds must be strictly ascending: \(upperBounds)"
        )
        self.upperBounds = upperBounds
        self.cells = (0...upperBounds.count).map { _ in Counter() }
    }

    /// Records one observation. NaN is ignored.
    ///
    /// - Parameter value: The observed value, such as a latency in seconds.
    public func observe(_ value: Double) {
        guard !value.isNaN else { return }

        var index = 0
        while index < upperBounds.count && value > upperBounds[index] {
            index += 1
        }
        cells[index].increment()

        var current = sumBits.load(ordering: .relaxed)
        while true {
            let next = (Double(bitPattern: current) + value).bitPattern
            let (exchanged, original) = sumBits.weakCompareExchange(
                expected: current,
                desired: next,
                ordering: .relaxed
            )
            if exchanged { return }
            current = original
        }
    }

    /// Records a duration, in seconds.
    ///
    /// - Parameter duration: The observed duration.
    public func observe(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        observe(Double(seconds) + Double(attoseconds) / 1e18)
    }

    /// The cumulative count per bound, `+Inf` last: what the `_bucket` series show.
    public var cumulativeCounts: [Int64] {
        var running: Int64 = 0
        return cells.map { cell in
            running += cell.value
            return running
        }
    }

    /// The number of observations.
    public var count: Int64 {
        cells.reduce(0) { $0 + $1.value }
    }

    /// The sum of all observations.
    public var sum: Double {
        Double(bitPattern: sumBits.load(ordering: .relaxed))
    }
}
