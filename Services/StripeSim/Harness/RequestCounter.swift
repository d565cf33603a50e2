import Foundation
import Synchronization

/// Counts `/v1` requests per account, mode and wall-clock second (the last hour), so tests can check how hard a client
/// drove an account, or that it stopped calling.
final class RequestCounter: Sendable {
    /// One second's tally.
    struct Tally: Sendable {
        var total = 0
        var rateLimited = 0
    }

    private struct State {
        var seconds: [LedgerKey: [Int: Tally]] = [:]
        var totals: [LedgerKey: Int] = [:]
        var lastRequestAt: [LedgerKey: Double] = [:]
    }

    static let keptSeconds = 3600
    private let state = Mutex(State())

    func record(_ key: LedgerKey, rateLimited: Bool, at time: Double = Date().timeIntervalSince1970) {
        let second = Int(time)
        state.withLock { state in
            var tallies = state.seconds[key] ?? [:]
            tallies[second, default: Tally()].total += 1
            if rateLimited { tallies[second, default: Tally()].rateLimited += 1 }
            if tallies.count > RequestCounter.keptSeconds + 60 {
                tallies = tallies.filter { $0.key > second - RequestCounter.keptSeconds }
            }
            state.seconds[key] = tallies
            state.totals[key, default: 0] += 1
            state.lastRequestAt[key] = time
        }
    }

    func reset() {
        state.withLock { $0 = State() }
    }

    /// The counts for one account (both modes, or one), as the `/_sim/requests` JSON.
    func report(account: String, mode: Mode?, since: Int?) -> [UInt8] {
        let (perSecond, total, last) = state.withLock { state -> ([Int: Tally], Int, Double?) in
            var merged: [Int: Tally] = [:]
            var total = 0
            var last: Double?
            for (key, tallies) in state.seconds where key.account == account && (mode == nil || key.mode == mode) {
                for (second, tally) in tallies {
                    merged[second, default: Tally()].total += tally.total
                    merged[second, default: Tally()].rateLimited += tally.rateLimited
                }
                total += state.totals[key] ?? 0
                if let time = state.lastRequestAt[key] { last = max(last ?? 0, time) }
            }
            return (merged, total, last)
        }
        var writer = JSONWriter()
        writer.beginObject()
        writer.key("account"); writer.string(account)
        writer.key("mode"); writer.string(mode?.rawValue)
        writer.key("total"); writer.int(total)
        let shown = perSecond.filter { entry in since.map { entry.key >= $0 } ?? true }
        writer.key("total_since"); writer.int(shown.values.reduce(0) { $0 + $1.total })
        writer.key("max_per_second"); writer.int(shown.values.map(\.total).max() ?? 0)
        writer.key("last_request_at")
        if let last { writer.double(last) } else { writer.null() }
        writer.key("per_second")
        writer.beginArray()
        for second in shown.keys.sorted() {
            let tally = shown[second] ?? Tally()
            writer.beginObject()
            writer.key("second"); writer.int(second)
            writer.key("count"); writer.int(tally.total)
            writer.key("rate_limited"); writer.int(tally.rateLimited)
            writer.endObject()
        }
        writer.endArray()
        writer.endObject()
        return writer.bytes
    }
}
