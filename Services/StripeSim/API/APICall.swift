/// What a resource handler gets for one request: its parameters and the facts of the call.
struct APICall {
    let params: ParamReader
    /// Simulated time (seconds since 1970), which tests may move forward.
    let now: Int
    let requestID: String
    let idempotencyKey: String?
    let livemode: Bool
    let account: AccountConfig
    let pathParameters: [String: String]

    func pathParameter(_ name: String) -> String { pathParameters[name] ?? "" }

    /// The `expand[]` paths asked for, checked against what this endpoint can expand.
    func expansions(allowed: Set<String>) throws(StripeError) -> Set<String> {
        let asked = try params.stringList("expand") ?? []
        for path in asked where !allowed.contains(path) {
            throw StripeError.invalidRequest("This property cannot be expanded (\(path)).", param: "expand")
        }
        return Set(asked)
    }
}

/// A handler's successful answer: status and JSON body.
struct APIResult: Sendable {
    var status = 200
    var body: [UInt8]
}
