import Foundation
import Synchronization

/// Simulated time for object timestamps and retention: the real clock plus an offset tests can push forward.
/// Webhook signatures always use the real clock, as receivers check them against their own.
final class SimClock: Sendable {
    private let offset = Atomic<Int>(0)

    init(offsetSeconds: Int = 0) {
        offset.store(offsetSeconds, ordering: .relaxed)
    }

    var offsetSeconds: Int { offset.load(ordering: .relaxed) }

    /// Seconds since 1970 in simulated time.
    var now: Int { Int(Date().timeIntervalSince1970) + offsetSeconds }

    /// Moves simulated time forward (never back, so object times stay ordered).
    func advance(by seconds: Int) {
        guard seconds > 0 else { return }
        offset.add(seconds, ordering: .relaxed)
    }

    func reset() {
        offset.store(0, ordering: .relaxed)
    }
}
