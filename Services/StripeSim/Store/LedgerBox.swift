import Synchronization

/// One ledger behind its own lock: requests to different accounts or modes never wait for each other.
final class LedgerBox: Sendable {
    let key: LedgerKey
    let state: Mutex<Ledger>

    init(key: LedgerKey) {
        self.key = key
        state = Mutex(Ledger(key: key))
    }
}
