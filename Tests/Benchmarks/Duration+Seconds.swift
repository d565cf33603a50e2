extension Duration {
    /// The duration in seconds, for throughput arithmetic in the benchmarks.
    var seconds: Double {
        let parts = components
        return Double(parts.seconds) + Double(parts.attoseconds) / 1e18
    }
}
