/// `GET /v1/account`: the account the key belongs to.
enum AccountAPI {
    static func retrieve(_ ledger: inout Ledger, _ call: APICall) throws(StripeError) -> APIResult {
        _ = try call.expansions(allowed: [])
        try call.params.finish()
        return APIResult(body: call.account.render())
    }
}
