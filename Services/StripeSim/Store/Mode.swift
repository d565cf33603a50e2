/// Test or live mode: each has its own objects, and a key of one never sees the other's.
enum Mode: String, Sendable, Hashable, CaseIterable {
    case test, live
}

/// Identifies one ledger: an account in one mode.
struct LedgerKey: Sendable, Hashable, CustomStringConvertible {
    let account: String
    let mode: Mode
    var description: String { "\(account)/\(mode.rawValue)" }
}
