import Foundation

/// The Veles side of the demo dataset (`veles.json`: customers and products in the gateway's batch-upsert shape),
/// which the bootstrap sends to the gateway; stripe-sim loads the Stripe side of the same folder itself.
struct DemoDataset: Sendable {
    let folder: URL

    /// The body of `PUT /api/v1/veles/customers`.
    func velesCustomersBody() throws -> Data { try batch("customers") }
    /// The body of `PUT /api/v1/veles/products`.
    func velesProductsBody() throws -> Data { try batch("products") }

    private func batch(_ kind: String) throws -> Data {
        let url = folder.appendingPathComponent(StripeSimDemo.velesFile)
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw DemoError("the demo dataset has no \(url.path); run `python3 Tests/Dataset/generate.py` or pass --dataset")
        }
        guard let document = try? JSONSerialization.jsonObject(with: data) as? [String: Any], let list = document[kind] as? [Any] else {
            throw DemoError("\(url.path) has no \"\(kind)\" list")
        }
        return try JSONSerialization.data(withJSONObject: [kind: list])
    }
}
