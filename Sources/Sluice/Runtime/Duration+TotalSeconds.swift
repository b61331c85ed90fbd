extension Duration {
    /// The duration in seconds as a floating-point number, for logs and summaries.
    package var totalSeconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
