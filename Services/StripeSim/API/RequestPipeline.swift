import Foundation
import HTTPServer
import Support

/// The path every `/v1` request takes: authenticate, count, rate-limit, inject faults, parse parameters, honour
/// `Idempotency-Key`, run the handler under the ledger's lock, queue webhooks, and answer in Stripe's shape.
struct RequestPipeline: Sendable {
    typealias Handler = @Sendable (inout Ledger, APICall) throws(StripeError) -> APIResult

    let store: SimStore
    let limiter: RateLimiter
    let faults: FaultInjector
    let counter: RequestCounter
    let dispatcher: WebhookDispatcher
    let logger: Logger

    func handle(_ request: HTTPRequest, resource: String, handler: @escaping Handler) async -> HTTPResponse {
        let requestID = "req_\(RandomText.base62(14))"
        let idempotencyKey = request.method == .post ? request.headers["Idempotency-Key"] : nil
        var headers: [(String, String)] = [("Request-Id", requestID), ("Stripe-Version", StripeAPIVersion.pinned)]
        if let idempotencyKey { headers.append(("Idempotency-Key", idempotencyKey)) }

        let key: APIKey
        switch authenticate(request) {
        case .success(let found): key = found
        case .failure(let error): return respond(error, headers: headers)
        }
        let ledgerKey = LedgerKey(account: key.account, mode: key.mode)
        guard let box = store.box(ledgerKey), let account = store.account(key.account) else {
            return respond(StripeError.apiError("No ledger for this key's account."), headers: headers)
        }

        let allowed = limiter.allow(ledgerKey)
        let fault = allowed ? faults.decide(path: request.path, method: request.method.rawValue, account: account.id)
            : (latencyMilliseconds: 0, action: FaultInjector.Action.none)
        var limited = !allowed
        if case .rateLimited = fault.action { limited = true }
        counter.record(ledgerKey, rateLimited: limited)
        guard allowed else { return respond(StripeError.rateLimited(retryAfterSeconds: 1), headers: headers) }

        let needed: APIKey.Access = request.method == .get ? .read : .write
        guard key.access(to: resource) >= needed else {
            return respond(StripeError.invalidRequest(
                "The provided key '\(key.masked)' does not have the required permissions for this endpoint on account '\(account.id)'.",
                status: 403), headers: headers)
        }
        if request.headers["Stripe-Account"] != nil {
            return respond(StripeError.invalidRequest(
                "stripe-sim does not emulate Connect: the Stripe-Account header is not supported.", param: "Stripe-Account"),
                           headers: headers)
        }
        if let version = request.headers["Stripe-Version"], version != StripeAPIVersion.pinned {
            return respond(StripeError.invalidRequest(
                "Invalid Stripe API version: \(version). stripe-sim speaks only \(StripeAPIVersion.pinned).",
                param: "Stripe-Version"), headers: headers)
        }

        if fault.latencyMilliseconds > 0 { try? await Task.sleep(for: .milliseconds(fault.latencyMilliseconds)) }
        switch fault.action {
        case .serverError:
            return respond(StripeError.apiError("An injected fault: stripe-sim answered 500 as configured under /_sim/faults."),
                           headers: headers)
        case .drop:
            return .dropConnection
        case .rateLimited(let seconds):
            return respond(StripeError.rateLimited(retryAfterSeconds: seconds), headers: headers)
        case .none, .dropAfterProcessing:
            break
        }

        let tree: FormValue
        do throws(StripeError) {
            tree = try parameters(of: request)
        } catch {
            return respond(error, headers: headers)
        }
        if let idempotencyKey, idempotencyKey.count > 255 {
            return respond(StripeError.invalidRequest("Idempotency keys must be at most 255 characters long.",
                                                      param: "Idempotency-Key"), headers: headers)
        }
        let fingerprint = "\(request.method.rawValue) \(request.path) \(tree.canonical)"
        let now = store.clock.now
        let call = APICall(params: ParamReader(tree), now: now, requestID: requestID, idempotencyKey: idempotencyKey,
                           livemode: key.mode == .live, account: account, pathParameters: request.pathParameters)

        let outcome = box.state.withLock { ledger -> (Result<APIResult, StripeError>, replayed: Bool, deliveries: [PendingDelivery]) in
            if let idempotencyKey {
                if let stored = ledger.idempotency[idempotencyKey], stored.storedAt >= now - Ledger.idempotencyRetentionSeconds {
                    guard stored.fingerprint == fingerprint else {
                        return (.failure(StripeError.idempotency(
                            "Keys for idempotent requests can only be used with the same parameters they were first used with. "
                                + "Try using a key other than '\(idempotencyKey)' if you meant to execute a different request.")),
                                false, [])
                    }
                    return (.success(APIResult(status: stored.status, body: stored.body)), true, [])
                }
            }
            let result: Result<APIResult, StripeError>
            do throws(StripeError) {
                result = .success(try handler(&ledger, call))
            } catch {
                result = .failure(error)
            }
            if let idempotencyKey, case .success(let answer) = result {
                // Only requests that ran are kept: Stripe saves no result when parameters failed validation.
                ledger.idempotency[idempotencyKey] = IdempotentResult(fingerprint: fingerprint, status: answer.status,
                                                                      body: answer.body, storedAt: now)
            }
            let deliveries = ledger.outbox
            ledger.outbox = []
            return (result, false, deliveries)
        }
        if request.method != .get { store.markChanged() }
        if !outcome.deliveries.isEmpty { await dispatcher.enqueue(outcome.deliveries) }
        if fault.action == .dropAfterProcessing { return .dropConnection }
        switch outcome.0 {
        case .success(let answer):
            if outcome.replayed { headers.append(("Idempotent-Replayed", "true")) }
            return response(status: answer.status, body: answer.body, headers: headers)
        case .failure(let error):
            return respond(error, headers: headers)
        }
    }

    private func authenticate(_ request: HTTPRequest) -> Result<APIKey, StripeError> {
        guard let header = request.headers["Authorization"], !header.isEmpty else {
            return .failure(StripeError.invalidRequest(
                "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth "
                    + "(e.g. 'Authorization: Bearer YOUR_SECRET_KEY').", status: 401))
        }
        var token = ""
        if header.hasPrefix("Bearer ") {
            token = String(header.dropFirst("Bearer ".count)).trimmingCharacters(in: .whitespaces)
        } else if header.hasPrefix("Basic "),
                  let data = Data(base64Encoded: String(header.dropFirst("Basic ".count))),
                  let decoded = String(data: data, encoding: .utf8) {
            token = String(decoded.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).first ?? "")
        }
        if token.hasPrefix("pk_") {
            return .failure(StripeError.invalidRequest(
                "This API call cannot be made with a publishable API key. Please use a secret API key. "
                    + "You can find a list of your API keys at https://dashboard.stripe.com/account/apikeys.", status: 401))
        }
        guard let key = store.apiKey(token) else {
            return .failure(StripeError.invalidRequest(
                "Invalid API Key provided: \(APIKey.mask(token))", status: 401))
        }
        return .success(key)
    }

    private func parameters(of request: HTTPRequest) throws(StripeError) -> FormValue {
        guard let query = URLEncodedForm.parse(request.rawQuery) else {
            throw StripeError.invalidRequest("Invalid query string: malformed percent-encoding.")
        }
        var pairs = query
        if request.method == .post, !request.body.isEmpty {
            let type = request.headers["Content-Type"]?.lowercased() ?? ""
            guard type.isEmpty || type.hasPrefix("application/x-www-form-urlencoded") else {
                throw StripeError.invalidRequest(
                    "Invalid request: the body must be application/x-www-form-urlencoded, as Stripe's API expects.")
            }
            guard let body = URLEncodedForm.parse(request.body) else {
                throw StripeError.invalidRequest("Invalid request body: malformed form encoding.")
            }
            pairs += body
        }
        return try FormValue.tree(from: pairs)
    }

    func respond(_ error: StripeError, headers: [(String, String)]) -> HTTPResponse {
        response(status: error.status, body: error.body, headers: headers + error.headers)
    }

    private func response(status: Int, body: [UInt8], headers: [(String, String)]) -> HTTPResponse {
        var all = HTTPHeaders()
        all.add("Content-Type", "application/json")
        for (name, value) in headers { all.add(name, value) }
        return HTTPResponse(status: status, headers: all, body: body)
    }
}
