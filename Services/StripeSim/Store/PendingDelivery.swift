/// A webhook delivery the ledger asks for after an event: which event, to which endpoint.
struct PendingDelivery: Sendable {
    let ledger: LedgerKey
    let eventID: String
    let endpointID: String
}
