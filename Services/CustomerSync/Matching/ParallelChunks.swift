import Dispatch
import Synchronization

/// Runs a pure transformation over index ranges in chunks on every core and joins the results
/// in input order, so parallel work gives exactly the sequential answer. It is CPU work only
/// (no I/O, no waiting on other tasks), so running it from an async context holds that thread
/// only as long as the work itself takes.
struct ParallelChunks<Element: Sendable>: Sendable {
    private let results: [[Element]]

    init(count: Int, chunkSize: Int = 2_048, transform: @Sendable (Range<Int>) -> [Element]) {
        let chunkCount = (count + chunkSize - 1) / chunkSize
        let slots = Mutex<[[Element]]>(Array(repeating: [], count: chunkCount))
        DispatchQueue.concurrentPerform(iterations: chunkCount) { chunk in
            let part = transform(chunk * chunkSize ..< min(count, (chunk + 1) * chunkSize))
            slots.withLock { $0[chunk] = part }
        }
        results = slots.withLock { $0 }
    }

    /// All results, in input order.
    func joined() -> [Element] {
        results.flatMap { $0 }
    }
}
