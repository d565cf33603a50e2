import Foundation

/// The parts of the demo dataset the bootstrap feeds to the gateway: the Veles side and the Stripe test key.
/// (stripe-sim loads the Stripe side from the same folder itself.)
struct DemoDataset: Sendable {
    let folder: URL

    /// The body of `PUT /api/v1/veles/customers`.
    func velesCustomersBody() throws -> Data { try read("veles_customers.json") }
    /// The body of `PUT /api/v1/veles/products`.
    func velesProductsBody() throws -> Data { try read("veles_products.json") }

    /// The secret test key of the demo Stripe account.
    func stripeAPIKey() throws -> String {
        let data = try read("stripe_account.json")
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let key = object["api_key"] as? String, !key.isEmpty else {
            throw DemoError("\(folder.path)/stripe_account.json has no api_key")
        }
        return key
    }

    private func read(_ name: String) throws -> Data {
        let url = folder.appendingPathComponent(name)
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw DemoError("the demo dataset has no \(url.path); regenerate it or pass --dataset")
        }
        return data
    }
}
