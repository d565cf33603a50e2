/// The text `veles up --demo` prints once the demo is ready: where the API is, the token, and the first sync's result.
struct DemoSummary {
    let facts: DemoEnvironmentFile
    let customers: [String: Any]
    let products: [String: Any]
    let envFile: String

    var text: String {
        let customerCounts = ["matched", "not_matched", "deleted"].map { "\($0.replacingOccurrences(of: "_", with: " ")) \(count(customers, $0))" }
        let productKeys = ["name_match", "import", "manual", "not_matched", "ignored"]
        let counts = (products["counts"] as? [String: Any]) ?? products
        let productCounts = productKeys.map { "\($0.replacingOccurrences(of: "_", with: " ")) \(count(counts, $0))" }
        return """

        Veles is running (demo workspace \(facts.workspaceID)).
          API:        \(facts.apiURL)/api/v1
          API token:  \(facts.apiToken)
          Stripe:     \(facts.stripeAPIURL) (stripe-sim, demo test account)
          Customers:  \(customerCounts.joined(separator: ", "))
          Products:   \(productCounts.joined(separator: ", "))
        The same facts are in \(envFile); try:
          . \(envFile) && curl -H "Authorization: Bearer $VELES_API_TOKEN" "$VELES_API_URL/api/v1/stripe/customers/summary"
        Press Ctrl-C to stop everything.

        """
    }

    private func count(_ object: [String: Any], _ key: String) -> String {
        if let number = object[key] as? Int { return String(number) }
        if let number = object[key] as? Double { return String(Int(number)) }
        return "?"
    }
}
