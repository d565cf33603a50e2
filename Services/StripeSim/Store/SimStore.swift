import Synchronization

/// Every account's ledgers (one per mode), the configured keys, and the simulated clock.
final class SimStore: Sendable {
    private let changes = Atomic<Int>(0)
    let accounts: [AccountConfig]
    let clock: SimClock
    /// Keys can be added and revoked at run time through `/_sim/keys`, so tests can make a key stop working.
    private let keysByValue: Mutex<[String: APIKey]>
    private let boxes: [LedgerKey: LedgerBox]

    init(accounts: [AccountConfig], clock: SimClock) {
        self.accounts = accounts
        self.clock = clock
        var keys: [String: APIKey] = [:]
        var boxes: [LedgerKey: LedgerBox] = [:]
        for account in accounts {
            for key in account.keys { keys[key.key] = key }
            for mode in Mode.allCases {
                let ledgerKey = LedgerKey(account: account.id, mode: mode)
                boxes[ledgerKey] = LedgerBox(key: ledgerKey)
            }
        }
        keysByValue = Mutex(keys)
        self.boxes = boxes
    }

    func apiKey(_ value: String) -> APIKey? { keysByValue.withLock { $0[value] } }

    /// Adds a key to its account; false when that key already exists.
    func addKey(_ key: APIKey) -> Bool {
        keysByValue.withLock { keys in
            guard keys[key.key] == nil else { return false }
            keys[key.key] = key
            return true
        }
    }

    /// Revokes a key: requests made with it then get 401. False when it was not known.
    func revokeKey(_ value: String) -> Bool {
        keysByValue.withLock { $0.removeValue(forKey: value) != nil }
    }

    func account(_ id: String) -> AccountConfig? { accounts.first { $0.id == id } }

    func box(_ key: LedgerKey) -> LedgerBox? { boxes[key] }

    var allBoxes: [LedgerBox] {
        boxes.values.sorted { $0.key.description < $1.key.description }
    }

    /// Counts writes, so the snapshot writer knows when there is something new.
    var changeCount: Int { changes.load(ordering: .relaxed) }

    func markChanged() { changes.add(1, ordering: .relaxed) }

    /// Empties every ledger (objects, events, endpoints, idempotency keys).
    func resetAll() {
        for box in boxes.values { box.state.withLock { $0.reset() } }
        markChanged()
    }
}
