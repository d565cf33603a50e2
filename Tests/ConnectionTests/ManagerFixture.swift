import Foundation
import Support
import TestSupport
@testable import Connection

/// A manager over a fresh store in its own folder, a fake Stripe and a recording event sink.
struct ManagerFixture {
    static let testKeyA = "sk_test_accountAkey0001"
    static let testKeyA2 = "sk_test_accountAkey0002"
    static let testKeyB = "sk_test_accountBkey0003"
    static let liveKeyA = "sk_live_accountAkey0004"
    static let restrictedKey = "rk_test_restricted0005"

    let folder: TemporaryDirectory
    let store: ConnectionStore
    let stripe: FakeStripeGateway
    let events: RecordingEventSink
    let manager: ConnectionManager

    init(webhookURL: String? = "https://veles.example.com", testLimit: Int? = nil) throws {
        try self.init(webhookURL: webhookURL, testLimit: testLimit, folder: try TemporaryDirectory(prefix: "connection-unit"),
                      masterKeyByte: 7)
    }

    /// A manager over the store in `folder`, sealing with a master key of `masterKeyByte` repeated: a second
    /// fixture on the same folder with another byte is the service restarted with another master key.
    init(webhookURL: String? = "https://veles.example.com", testLimit: Int? = nil, folder: TemporaryDirectory,
         masterKeyByte: UInt8) throws {
        self.folder = folder
        store = try ConnectionStore(path: folder.appending("connection.sqlite").path)
        stripe = FakeStripeGateway([
            Self.testKeyA: IdentifiedAccount(id: "acct_A", name: "Acme Test"),
            Self.testKeyA2: IdentifiedAccount(id: "acct_A", name: "Acme Test"),
            Self.testKeyB: IdentifiedAccount(id: "acct_B", name: "Beta Test"),
            Self.liveKeyA: IdentifiedAccount(id: "acct_A", name: "Acme Test"),
            Self.restrictedKey: IdentifiedAccount?.none,
        ])
        events = RecordingEventSink()
        let masterKey = MasterKey(bytes: Array(repeating: masterKeyByte, count: 32))
        manager = ConnectionManager(
            store: store, sealer: SecretSealer(masterKey: masterKey), stripe: stripe, events: events,
            ratePolicy: try RateBudgetPolicy(baseURL: URL(string: "http://127.0.0.1:1")!, testPerSecond: testLimit, livePerSecond: nil),
            webhookPublicURL: webhookURL, logger: Logger(process: "connection-test", level: .error))
    }
}
