import StripeClient

/// What a new API key must share with the connection it replaces: the same Stripe account and the same mode.
enum KeyRotationRule {
    /// Throws the refusal naming both sides when the new key belongs elsewhere.
    static func check(current: ConnectionRecord, offeredAccountId: String, offeredMode: StripeMode) throws(ConnectionError) {
        guard offeredMode == current.mode else {
            throw .otherMode(current: current.mode.rawValue, offered: offeredMode.rawValue)
        }
        guard offeredAccountId == current.accountId else {
            throw .otherAccount(current: current.accountId, offered: offeredAccountId)
        }
    }
}
