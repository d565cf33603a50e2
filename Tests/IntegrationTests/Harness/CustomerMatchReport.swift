import TestSupport

/// The gateway's customer list after a sync, held against the expected answer: false matches, expected matches
/// missed, any other difference, and how many matches each rule found of those it should have.
struct CustomerMatchReport: Sendable {
    /// One customer as the gateway lists it, in the expected answer's terms.
    struct Listed: Sendable, Equatable {
        let status: String
        let velesCustomerId: String?
        let method: String?
        let candidates: [String]
    }

    private(set) var falseMatches: [String] = []
    private(set) var missed: [String] = []
    private(set) var otherDifferences: [String] = []
    private(set) var expectedByRule: [String: Int] = [:]
    private(set) var foundByRule: [String: Int] = [:]
    private(set) var matchedCount = 0
    private(set) var listedCount = 0

    static let rules = ["metadata", "email", "domain", "name"]

    init(expected: [ExpectedAnswer.Customer], listed: [String: Listed]) {
        listedCount = listed.count
        matchedCount = listed.values.filter { $0.status == "matched" }.count
        var unexplained = Set(listed.keys)
        for want in expected {
            unexplained.remove(want.stripeId)
            let got = listed[want.stripeId]
            if want.status == "matched", let rule = want.method {
                expectedByRule[rule, default: 0] += 1
                if got?.status == "matched", got?.velesCustomerId == want.velesCustomerId, got?.method == rule {
                    foundByRule[rule, default: 0] += 1
                }
            }
            if want.status == "not_listed" {
                if let got { otherDifferences.append("\(want.stripeId) [\(want.scenario)] was deleted in Stripe but is listed as \(got.status)") }
                continue
            }
            guard let got else {
                missed.append("\(want.stripeId) [\(want.scenario)] is not listed at all")
                continue
            }
            let wanted = Listed(status: want.status, velesCustomerId: want.velesCustomerId, method: want.method,
                                candidates: want.candidates)
            guard got != wanted else { continue }
            let line = "\(want.stripeId) [\(want.scenario)] expected \(Self.describe(wanted)), got \(Self.describe(got))"
            if let id = got.velesCustomerId, id != want.velesCustomerId {
                falseMatches.append(line)
            } else if want.status == "matched" {
                missed.append(line)
            } else {
                otherDifferences.append(line)
            }
        }
        for id in unexplained.sorted() {
            otherDifferences.append("\(id) is listed but not in the expected answer")
        }
    }

    /// The gateway's customer rows (`GET /api/v1/stripe/customers`) in the expected answer's terms, by Stripe id.
    static func listed(_ rows: [[String: Any]]) -> [String: Listed] {
        var listed: [String: Listed] = [:]
        for row in rows {
            guard let id = row["stripe_id"] as? String else { continue }
            listed[id] = Listed(status: row["match_status"] as? String ?? "?", velesCustomerId: row["veles_customer_id"] as? String,
                                method: row["match_method"] as? String, candidates: (row["candidates"] as? [String] ?? []).sorted())
        }
        return listed
    }

    /// `email 78/78, domain 48/48, …`: found of expected, per rule.
    var perRule: String {
        Self.rules.filter { expectedByRule[$0] != nil }
            .map { "\($0) \(foundByRule[$0] ?? 0)/\(expectedByRule[$0] ?? 0)" }.joined(separator: ", ")
    }

    var expectedMatches: Int { expectedByRule.values.reduce(0, +) }
    var foundMatches: Int { foundByRule.values.reduce(0, +) }

    private static func describe(_ row: Listed) -> String {
        "\(row.status)/\(row.method ?? "-")/\(row.velesCustomerId ?? "-") \(row.candidates)"
    }
}
