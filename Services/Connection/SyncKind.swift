/// The kinds of sync whose last run the connection keeps for the General tab.
enum SyncKind: String, Sendable, Hashable, CaseIterable {
    case customers
    case products
}

/// How a reported sync run ended; `none` until the first report.
enum SyncOutcome: String, Sendable, Hashable {
    case none
    case succeeded
    case failed
}
