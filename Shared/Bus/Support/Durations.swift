extension Duration {
    /// Whole milliseconds, rounded down; negative durations stay negative.
    var wholeMilliseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1000 + attoseconds / 1_000_000_000_000_000
    }

    var wholeMicroseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1_000_000 + attoseconds / 1_000_000_000_000
    }
}

extension ContinuousClock.Instant {
    /// Milliseconds from now until this instant, at least 0, for poll timeouts.
    var millisecondsFromNow: Int {
        max(0, Int((self - ContinuousClock.now).wholeMilliseconds) + 1)
    }
}
