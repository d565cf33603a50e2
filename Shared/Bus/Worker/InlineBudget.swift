import Synchronization

/// How much handler time the worker's socket thread takes on per round (between two looks at its socket and
/// timers): quick methods' requests run there while their usual time fits, the rest go to Swift's pool, so the
/// socket thread is never kept long from heartbeats, deadlines and new requests. Used by the socket thread only.
final class InlineBudget: Sendable {
    static let perRound: Duration = .microseconds(200)

    private let nanosecondsLeft = Atomic<Int64>(0)

    func startRound() {
        nanosecondsLeft.store(Self.perRound.nanosecondsValue, ordering: .relaxed)
    }

    /// True when a request of a quick method, usually taking `cost`, fits in what is left of this round.
    func take(_ timing: HandlerTiming) -> Bool {
        guard timing.isQuick else { return false }
        let cost = max(1, timing.average.nanosecondsValue)
        let left = nanosecondsLeft.load(ordering: .relaxed)
        guard left >= cost else { return false }
        nanosecondsLeft.store(left - cost, ordering: .relaxed)
        return true
    }
}
