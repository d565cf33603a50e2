import CustomerMatching
import Foundation
import TestSupport

/// The generated demo dataset (Tests/Dataset), read the way the matcher needs it.
struct DemoDataset {
    /// What the generator says the rules must give for one Stripe customer.
    typealias Expected = ExpectedAnswer.Customer

    private struct StripeFile: Decodable {
        struct Customer: Decodable {
            let id: String
            let name: String?
            let email: String?
            let metadata: [String: String]
            let deleted: Bool?
        }
        let customers: [Customer]
    }

    private struct VelesFile: Decodable {
        let customers: [VelesCustomer]
    }

    static let generator = TestPaths.repositoryRoot.appendingPathComponent("Tests/Dataset/generate.py")

    let stripeCustomers: [StripeCustomerSnapshot]
    let velesCustomers: [VelesCustomer]
    let expected: [Expected]

    /// Reads `stripe.json`, `veles.json` and `expected.json` from a folder.
    init(folder: URL) throws {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        let stripe = try decoder.decode(StripeFile.self, from: Data(contentsOf: folder.appendingPathComponent("stripe.json")))
        stripeCustomers = stripe.customers.map {
            StripeCustomerSnapshot(id: $0.id, name: $0.name, email: $0.email, metadata: $0.metadata, isDeleted: $0.deleted ?? false)
        }
        velesCustomers = try decoder.decode(VelesFile.self, from: Data(contentsOf: folder.appendingPathComponent("veles.json"))).customers
        expected = try ExpectedAnswer.read(folder: folder).customers
    }

    /// A committed size of the dataset: `demo` (what `make run` loads) or `small` (the end-to-end test's).
    static func committed(_ name: String) throws -> DemoDataset {
        try DemoDataset(folder: TestPaths.repositoryRoot.appendingPathComponent("Tests/Dataset/\(name)"))
    }

    /// The matcher's result in the expected file's terms.
    static func actual(_ result: MatchResult, scenario: String) -> Expected {
        let status: String
        switch result.outcome {
        case .linked: status = "matched"
        case .deletedInStripe: status = "deleted"
        case .ambiguous, .noCandidate: status = "not_matched"
        }
        return Expected(stripeId: result.stripeCustomerID, status: status, velesCustomerId: result.velesCustomerID,
                        method: result.method?.rawValue, candidates: result.candidates, scenario: scenario)
    }
}
