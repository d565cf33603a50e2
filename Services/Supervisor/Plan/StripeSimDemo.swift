/// How the demo uses stripe-sim: the keys its demo account accepts and the files it reads and writes.
enum StripeSimDemo {
    /// The secret test key the demo workspace connects with (first), and a live key of the same account for trying
    /// out what a mode mismatch looks like. Both exist only inside stripe-sim.
    static let apiKeys = ["sk_test_veles_demo_4242", "sk_live_veles_demo_4242"]
    static var testKey: String { apiKeys[0] }
    /// The Stripe side of the dataset folder, which stripe-sim loads.
    static let datasetFile = "stripe.json"
    /// The Veles side of the dataset folder, which the demo bootstrap sends to the gateway.
    static let velesFile = "veles.json"
    /// stripe-sim's snapshot in the data folder.
    static let snapshotFile = "stripe-sim-snapshot.json"
}
