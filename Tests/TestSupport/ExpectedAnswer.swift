import Foundation

/// A dataset's `expected.json`: the generator's ground truth for every Stripe customer and product.
public struct ExpectedAnswer: Decodable, Sendable {
    /// What the first sync must show for one Stripe customer.
    public struct Customer: Decodable, Equatable, Sendable {
        public let stripeId: String
        /// `matched`, `not_matched`, or `not_listed` (deleted in Stripe before the sync, so never mirrored).
        public let status: String
        public let velesCustomerId: String?
        public let method: String?
        public let candidates: [String]
        public let scenario: String

        public init(stripeId: String, status: String, velesCustomerId: String?, method: String?, candidates: [String],
                    scenario: String) {
            self.stripeId = stripeId
            self.status = status
            self.velesCustomerId = velesCustomerId
            self.method = method
            self.candidates = candidates
            self.scenario = scenario
        }
    }

    /// What the first sync must show for one Stripe product.
    public struct Product: Decodable, Equatable, Sendable {
        public let stripeId: String
        public let matchStatus: String
        public let velesProductId: String?
        public let active: Bool
        public let scenario: String
    }

    public let customers: [Customer]
    public let products: [Product]

    /// Reads `<folder>/expected.json`.
    public static func read(folder: URL) throws -> ExpectedAnswer {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try decoder.decode(ExpectedAnswer.self, from: Data(contentsOf: folder.appendingPathComponent("expected.json")))
    }
}
