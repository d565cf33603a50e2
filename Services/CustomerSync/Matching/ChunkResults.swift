import Synchronization

/// Collects the per-chunk results of a parallel match, each chunk written exactly once.
final class ChunkResults: Sendable {
    private let slots: Mutex<[[MatchResult]]>

    init(count: Int) {
        slots = Mutex(Array(repeating: [], count: count))
    }

    func store(_ results: [MatchResult], at chunk: Int) {
        slots.withLock { $0[chunk] = results }
    }

    func joined() -> [MatchResult] {
        slots.withLock { $0.flatMap { $0 } }
    }
}
