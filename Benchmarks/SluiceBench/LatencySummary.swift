/// Percentiles of a set of end-to-end latencies, in milliseconds.
struct LatencySummary: Codable, Sendable {
    /// Samples the percentiles were taken over.
    var samples: Int
    /// The median.
    var p50: Double
    /// The 95th percentile.
    var p95: Double
    /// The 99th percentile.
    var p99: Double
    /// The largest sample.
    var max: Double

    /// Summarises `values` (unsorted); `nil` when there are none.
    init?(_ values: [Int64]) {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        func percentile(_ fraction: Double) -> Double {
            let index = Swift.min(sorted.count - 1, Int((Double(sorted.count) * fraction).rounded(.down)))
            return Double(sorted[index])
        }
        samples = sorted.count
        p50 = percentile(0.50)
        p95 = percentile(0.95)
        p99 = percentile(0.99)
        max = Double(sorted[sorted.count - 1])
    }
}
