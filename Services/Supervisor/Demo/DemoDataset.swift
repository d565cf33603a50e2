import Foundation

/// The Veles side of the demo dataset (`veles.json`: customers and products in the gateway's batch-upsert shape),
/// which the bootstrap sends to the gateway; stripe-sim loads the Stripe side of the same folder itself.
struct DemoDataset: Sendable {
    let folder: URL
    /// The most objects one batch upsert carries (the gateway takes up to 1,000).
    var batchSize = 500

    /// The bodies of `PUT /api/v1/veles/customers`, one per batch.
    func velesCustomerBatches() throws -> [Data] { try batches("customers") }
    /// The bodies of `PUT /api/v1/veles/products`, one per batch.
    func velesProductBatches() throws -> [Data] { try batches("products") }

    private func batches(_ kind: String) throws -> [Data] {
        let url = folder.appendingPathComponent(StripeSimDemo.velesFile)
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw DemoError("the demo dataset has no \(url.path); run `python3 Tests/Dataset/generate.py` or pass --dataset")
        }
        guard let document = try? JSONSerialization.jsonObject(with: data) as? [String: Any], let list = document[kind] as? [Any] else {
            throw DemoError("\(url.path) has no \"\(kind)\" list")
        }
        let shaped: [Any] = kind == "products" ? list.map { ($0 as? [String: Any]).map(DatasetProductShape.gatewayProduct) ?? $0 } : list
        return try stride(from: 0, to: shaped.count, by: batchSize).map { start in
            try JSONSerialization.data(withJSONObject: [kind: Array(shaped[start..<min(start + batchSize, shaped.count)])])
        }
    }
}
