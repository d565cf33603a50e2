import Synchronization

/// How long one method's handlers take, as a moving average of wall time from start to reply, so the worker can
/// tell a quick method (worth running on its socket thread) from one that works or waits for long.
final class HandlerTiming: Sendable {
    /// A method counts as quick under this, so one that runs on the socket thread holds it only briefly.
    static let quickLimit: Duration = .microseconds(50)

    /// Nanoseconds; unknown (slow) until the method has run a few times.
    private let averageNanoseconds = Atomic<Int>(Int.max)

    var average: Duration { .nanoseconds(averageNanoseconds.load(ordering: .relaxed)) }
    var isQuick: Bool { averageNanoseconds.load(ordering: .relaxed) < Int(Self.quickLimit.nanosecondsValue) }

    /// Folds in one run; racing updates from several threads may lose one sample, which an average can afford.
    func record(_ elapsed: Duration) {
        let sample = Int(clamping: elapsed.nanosecondsValue)
        let average = averageNanoseconds.load(ordering: .relaxed)
        averageNanoseconds.store(average == Int.max ? sample : average + (sample - average) / 8, ordering: .relaxed)
    }
}

extension Duration {
    /// The whole duration in nanoseconds (saturating).
    var nanosecondsValue: Int64 {
        let (seconds, attoseconds) = components
        let (scaled, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        return overflow ? (seconds < 0 ? .min : .max) : scaled &+ attoseconds / 1_000_000_000
    }
}
