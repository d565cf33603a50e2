import Foundation
import Support

/// Talks to the Stripe API for one connection: authentication, the pinned version, idempotency keys, the rate
/// limit, retries and error decoding. Create one per connection and keep it: its default rate limiter lives in it.
///
/// Every method throws `StripeError`, or `CancellationError` when the calling task is cancelled.
public struct StripeClient: Sendable {
    public let configuration: StripeConfiguration
    let transport: any StripeTransport
    let rateLimiter: any StripeRateLimiter
    let logger: Logger?
    let sleep: @Sendable (Duration) async throws -> Void
    let jitter: @Sendable () -> Double

    /// A client for the configuration's key. It always holds itself to the configuration's rate (within this
    /// process), so no limiter passed in can lift Stripe's ceiling; services also pass the account-wide budget
    /// (`LeasedPermitRateLimiter` or their own) as `rateLimiter`, awaited after the local one.
    public init(configuration: StripeConfiguration, transport: any StripeTransport = URLSessionTransport(),
                rateLimiter: (any StripeRateLimiter)? = nil, logger: Logger? = nil) {
        self.init(configuration: configuration, transport: transport, rateLimiter: rateLimiter, logger: logger,
                  sleep: { try await Task.sleep(for: $0) }, jitter: { Double.random(in: 0...1) })
    }

    /// The same, with the waiting and the randomness of backoff replaceable (tests make them deterministic).
    init(configuration: StripeConfiguration, transport: any StripeTransport, rateLimiter: (any StripeRateLimiter)?,
         logger: Logger?, sleep: @escaping @Sendable (Duration) async throws -> Void, jitter: @escaping @Sendable () -> Double) {
        self.configuration = configuration
        self.transport = transport
        let local = configuration.pacedRequestsPerSecond.map { TokenBucketRateLimiter(ratePerSecond: $0) as any StripeRateLimiter }
        switch (local, rateLimiter) {
        case let (local?, shared?): self.rateLimiter = SequentialRateLimiter([local, shared])
        case let (local?, nil): self.rateLimiter = local
        case let (nil, shared?): self.rateLimiter = shared
        case (nil, nil): self.rateLimiter = UnlimitedRateLimiter()
        }
        self.logger = logger
        self.sleep = sleep
        self.jitter = jitter
    }

    /// The key's mode, for checking a webhook event's `livemode` and for keying mirrored data.
    public var mode: StripeMode { configuration.key.mode }

    // MARK: Generic calls

    /// `GET path?query`, decoded as `T`.
    public func get<T: Decodable>(_ path: String, query: StripeForm = StripeForm(), as type: T.Type = T.self) async throws -> T {
        try decode(type, from: try await send(method: "GET", path: path, form: query, idempotencyKey: nil), path: path)
    }

    /// `GET path?query`, the reply's body undecoded: for a caller with its own reader of a hot list (retries, rate
    /// limit and error decoding are the same as `get`'s).
    public func getBody(_ path: String, query: StripeForm = StripeForm()) async throws -> Data {
        try await send(method: "GET", path: path, form: query, idempotencyKey: nil).body
    }

    /// `POST path` with a form body and the scope's `Idempotency-Key`, decoded as `T`.
    public func post<T: Decodable>(_ path: String, form: StripeForm, idempotency: IdempotencyScope, as type: T.Type = T.self) async throws -> T {
        try decode(type, from: try await send(method: "POST", path: path, form: form, idempotencyKey: idempotency.key), path: path)
    }

    /// `DELETE path`, decoded as `T` (usually Stripe's deleted stub). Deleting twice is harmless, so no key is sent.
    public func delete<T: Decodable>(_ path: String, query: StripeForm = StripeForm(), as type: T.Type = T.self) async throws -> T {
        try decode(type, from: try await send(method: "DELETE", path: path, form: query, idempotencyKey: nil), path: path)
    }

    /// Every object of a list endpoint, fetched a page at a time as the sequence is consumed.
    public func list<T: StripeIdentified>(_ path: String, filter: StripeListFilter = StripeListFilter(), as type: T.Type = T.self) -> StripeListSequence<T> {
        StripeListSequence(pages: pages(path, filter: filter, as: type))
    }

    /// The pages of a list endpoint, for callers that store each page with its cursor.
    public func pages<T: StripeIdentified>(_ path: String, filter: StripeListFilter = StripeListFilter(), as type: T.Type = T.self) -> StripePageSequence<T> {
        let client = self
        let query = filter.form
        return StripePageSequence(cursor: filter.cursor) { cursor in
            var pageQuery = query
            if let field = cursor?.field { pageQuery[field.name] = field.value }
            return try await client.get(path, query: pageQuery, as: StripeList<T>.self)
        }
    }

    /// A path segment made safe for a URL: an id never changes which endpoint is called.
    public static func segment(_ id: String) -> String {
        StripeForm.escape(id)
    }

    /// `expand[]` parameters for a retrieve.
    static func expansion(_ paths: [String]) -> StripeForm {
        var form = StripeForm()
        form.expand(paths)
        return form
    }

    // MARK: Sending with retries

    /// Sends one logical request, retrying as the policy allows; every attempt carries the same Idempotency-Key.
    func send(method: String, path: String, form: StripeForm, idempotencyKey: String?) async throws -> StripeHTTPResponse {
        let request = try buildRequest(method: method, path: path, form: form, idempotencyKey: idempotencyKey)
        let policy = configuration.retryPolicy
        let started = ContinuousClock.now
        var attempt = 0
        var waited = Duration.zero
        while true {
            attempt += 1
            try await rateLimiter.acquire()
            let failure: StripeError
            let decision: StripeRetryDecision
            do {
                let response = try await transport.send(request)
                let requestID = response.header("request-id")
                if (200..<300).contains(response.status) {
                    logger?.debug("stripe request", ["method": method, "path": path, "status": "\(response.status)",
                                                     "attempt": "\(attempt)", "request_id": requestID ?? ""])
                    return response
                }
                failure = StripeError.fromResponse(status: response.status, body: response.body, requestID: requestID)
                decision = StripeRetryDecision(response: response, error: failure)
            } catch is CancellationError {
                throw CancellationError()
            } catch {
                let reason = (error as? StripeTransportError)?.reason ?? "\(method) \(path) failed: \(error)"
                failure = StripeError(kind: .network, message: reason)
                decision = StripeRetryDecision(retry: true, retryAfter: nil)
            }
            guard decision.retry, attempt < policy.maxAttempts else { throw failure.after(attempts: attempt) }
            let wait: Duration
            if let retryAfter = decision.retryAfter {
                guard retryAfter <= policy.maxRetryAfter else { throw failure.after(attempts: attempt) }
                wait = retryAfter
            } else {
                wait = policy.backoff(beforeRetry: attempt, random: jitter())
            }
            // Counting the waits too keeps the budget exact even when `sleep` returns early (tests).
            let elapsed = max(ContinuousClock.now - started, waited)
            guard elapsed + wait <= policy.maxTotalTime else { throw failure.after(attempts: attempt) }
            waited += wait
            logger?.warning("stripe request will be retried", ["method": method, "path": path, "attempt": "\(attempt)",
                                                               "status": failure.httpStatus.map(String.init) ?? "none",
                                                               "kind": failure.kind.rawValue, "wait_ms": "\(Int(wait.seconds * 1000))"])
            try await sleep(wait)
        }
    }

    private func buildRequest(method: String, path: String, form: StripeForm, idempotencyKey: String?) throws -> StripeHTTPRequest {
        var base = configuration.baseURL.absoluteString
        while base.hasSuffix("/") { base.removeLast() }
        let separator = path.hasPrefix("/") ? "" : "/"
        var text = base + separator + path
        var body: Data?
        var headers = [
            "Authorization": "Bearer \(configuration.key.unredactedValue)",
            "Stripe-Version": StripeAPIVersion.pinned,
            "User-Agent": configuration.userAgent,
            "Accept": "application/json",
        ]
        if method == "POST" {
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            body = Data(form.encoded.utf8)
        } else if !form.isEmpty {
            text += "?" + form.encoded
        }
        if let idempotencyKey { headers["Idempotency-Key"] = idempotencyKey }
        guard let url = URL(string: text) else {
            throw StripeError(kind: .invalidRequest, message: "\(method) \(path) does not form a valid URL.")
        }
        return StripeHTTPRequest(method: method, url: url, headers: headers, body: body, timeout: configuration.requestTimeout)
    }

    private func decode<T: Decodable>(_ type: T.Type, from response: StripeHTTPResponse, path: String) throws -> T {
        do {
            return try JSONDecoder().decode(type, from: response.body)
        } catch {
            throw StripeError(kind: .decoding, message: "The reply to \(path) is not a \(T.self) this client can read: \(Self.summary(of: error))",
                              httpStatus: response.status, requestID: response.header("request-id"))
        }
    }

    private static func summary(of error: any Error) -> String {
        guard let error = error as? DecodingError else { return "\(error)" }
        func path(_ context: DecodingError.Context) -> String {
            context.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
        }
        switch error {
        case .keyNotFound(let key, let context): return "missing \(path(context)).\(key.stringValue)"
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            return "\(path(context)): \(context.debugDescription)"
        @unknown default: return "\(error)"
        }
    }
}
