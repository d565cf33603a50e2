import Foundation

/// A dataset's `expected.json`: the generator's ground truth for every Stripe customer and product.
struct ExpectedAnswer: Decodable, Sendable {
    /// What the first sync must show for one Stripe customer.
    struct Customer: Decodable, Sendable {
        let stripeId: String
        /// `matched`, `not_matched`, or `not_listed` (deleted in Stripe before the sync, so never mirrored).
        let status: String
        let velesCustomerId: String?
        let method: String?
        let candidates: [String]
        let scenario: String
    }

    /// What the first sync must show for one Stripe product.
    struct Product: Decodable, Sendable {
        let stripeId: String
        let matchStatus: String
        let velesProductId: String?
        let active: Bool
        let scenario: String
    }

    let customers: [Customer]
    let products: [Product]

    /// Reads `<folder>/expected.json`.
    static func read(folder: URL) throws -> ExpectedAnswer {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try decoder.decode(ExpectedAnswer.self, from: Data(contentsOf: folder.appendingPathComponent("expected.json")))
    }
}
