import CustomerMatching
import Foundation
import Testing
import TestSupport

/// The matcher over the generated demo dataset, compared with the answer the generator wrote from
/// its own ground truth.
@Suite("Matching the demo dataset")
struct DatasetMatchingTests {
    @Test("the matcher gives exactly the expected answer", arguments: ["demo", "small"])
    func matchesExpectedAnswer(_ size: String) throws {
        let dataset = try DemoDataset.committed(size)
        let index = VelesCustomerIndex(customers: dataset.velesCustomers, resolver: MatchingFixture.resolver)
        // A sync only ever sees the customers Stripe lists; the deleted ones are expected as not listed.
        let listed = dataset.stripeCustomers.filter { !$0.isDeleted }
        let deleted = Set(dataset.stripeCustomers.filter(\.isDeleted).map(\.id))
        #expect(deleted == Set(dataset.expected.filter { $0.status == "not_listed" }.map(\.stripeId)))
        let results = CustomerMatcher.matchAll(listed, in: index, decisions: .none)
        #expect(results.count == dataset.expected.count - deleted.count)

        let expectedByID = Dictionary(uniqueKeysWithValues: dataset.expected.map { ($0.stripeId, $0) })
        var falseMatches: [String] = []
        var missed: [String] = []
        var otherDifferences: [String] = []
        var foundByMethod: [String: Int] = [:]
        var expectedByMethod: [String: Int] = [:]
        for result in results {
            guard let expected = expectedByID[result.stripeCustomerID] else {
                otherDifferences.append("\(result.stripeCustomerID): not in expected.json")
                continue
            }
            let actual = DemoDataset.actual(result, scenario: expected.scenario)
            if expected.status == "matched", let method = expected.method {
                expectedByMethod[method, default: 0] += 1
                if actual == expected { foundByMethod[method, default: 0] += 1 }
            }
            guard actual != expected else { continue }
            let line = "\(expected.stripeId) [\(expected.scenario)] expected \(expected.status)/\(expected.method ?? "-")/\(expected.velesCustomerId ?? "-") \(expected.candidates), got \(actual.status)/\(actual.method ?? "-")/\(actual.velesCustomerId ?? "-") \(actual.candidates)"
            if let id = actual.velesCustomerId, id != expected.velesCustomerId {
                falseMatches.append(line)
            } else if expected.status == "matched" {
                missed.append(line)
            } else {
                otherDifferences.append(line)
            }
        }
        let perRule = MatchMethod.allCases.map(\.rawValue).filter { expectedByMethod[$0] != nil }
            .map { "\($0) \(foundByMethod[$0] ?? 0)/\(expectedByMethod[$0] ?? 0)" }.joined(separator: ", ")
        print("dataset \(size): \(results.filter(\.isMatched).count) of \(results.count) Stripe customers matched; per rule found/expected: \(perRule); false matches \(falseMatches.count)")
        #expect(falseMatches.isEmpty, "false matches (\(falseMatches.count)):\n\(falseMatches.prefix(20).joined(separator: "\n"))")
        #expect(missed.isEmpty, "expected matches not found (\(missed.count)), per rule \(perRule):\n\(missed.prefix(20).joined(separator: "\n"))")
        #expect(otherDifferences.isEmpty, "other differences (\(otherDifferences.count)):\n\(otherDifferences.prefix(20).joined(separator: "\n"))")
        // Every rule and every ambiguity is exercised by the data, so a rule that silently found nothing fails here.
        for method in ["metadata", "email", "domain", "name"] {
            #expect((foundByMethod[method] ?? 0) > 0, "no customer of the \(size) dataset matched by \(method)")
        }
        let ambiguousRules = Set(dataset.expected.filter { $0.status == "not_matched" && $0.method != nil }.compactMap(\.method))
        #expect(ambiguousRules == ["email", "domain", "name"])
        #expect(!deleted.isEmpty, "the dataset should have customers deleted in Stripe")
    }

    @Test("the committed dataset is what the generator writes, byte for byte", .timeLimit(.minutes(1)), arguments: ["demo", "small"])
    func generatorIsDeterministic(_ size: String) async throws {
        let folder = try TemporaryDirectory(prefix: "veles-dataset")
        let arguments = [DemoDataset.generator.path, "--out", folder.path] + (size == "small" ? ["--small"] : [])
        let generator = try ChildProcess("/usr/bin/python3", arguments: arguments, logDirectory: folder.url)
        let status = await generator.waitForExit(timeout: .seconds(50))
        #expect(status == 0, "generate.py failed:\n\(generator.log)")
        for file in ["stripe.json", "veles.json", "expected.json"] {
            let fresh = try Data(contentsOf: folder.appending(file))
            let committed = try Data(contentsOf: TestPaths.repositoryRoot.appendingPathComponent("Tests/Dataset/\(size)/\(file)"))
            #expect(fresh == committed, "Tests/Dataset/\(size)/\(file) differs from a fresh run of generate.py; regenerate and commit it")
        }
    }

    @Test("the full dataset has the sizes the demo promises")
    func sizes() throws {
        let dataset = try DemoDataset.committed("demo")
        #expect(dataset.stripeCustomers.count >= 2_000)
        #expect(dataset.velesCustomers.count >= 1_500)
        #expect(Set(dataset.stripeCustomers.map(\.id)).count == dataset.stripeCustomers.count)
        #expect(Set(dataset.velesCustomers.map(\.id)).count == dataset.velesCustomers.count)
        // Several Stripe customers for one company, and customers that must stay unmatched.
        let perVeles = Dictionary(grouping: dataset.expected.compactMap(\.velesCustomerId), by: { $0 })
        #expect(perVeles.values.contains { $0.count >= 3 })
        #expect(dataset.expected.filter { $0.status == "not_matched" }.count >= 200)
    }
}
