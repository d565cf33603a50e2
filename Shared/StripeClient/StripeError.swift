import Foundation

/// Every failure of the Stripe client: an error reply decoded from Stripe's shape, a network failure, or bad input.
public struct StripeError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong, at the granularity callers act on.
    public enum Kind: String, Sendable, Hashable {
        /// 401: the key is wrong, revoked or expired; the connection becomes key_invalid.
        case authentication
        /// 403: a restricted key lacks the permission.
        case permission
        /// 404: no such object.
        case notFound
        /// 400 and other 4xx Stripe does not classify further: bad parameters.
        case invalidRequest
        /// 402: a card was declined.
        case card
        /// An `Idempotency-Key` reused with other parameters, or a concurrent request with the same key.
        case idempotency
        /// 429, or a 400 with code `rate_limit`.
        case rateLimited
        /// 5xx from Stripe.
        case server
        /// No HTTP reply: connection refused or dropped, timeout, DNS.
        case network
        /// A reply this client could not decode.
        case decoding
        /// An API key that is not a usable Stripe secret key.
        case invalidKey
        /// A client configuration that is refused (for example a raised rate limit against Stripe's own API).
        case configuration
        /// A webhook whose signature or timestamp does not verify.
        case invalidSignature
    }

    public let kind: Kind
    /// The HTTP status, when Stripe replied.
    public let httpStatus: Int?
    /// Stripe's `error.type` (`invalid_request_error`, `card_error`, …).
    public let type: String?
    /// Stripe's `error.code` (`resource_missing`, `rate_limit`, …).
    public let code: String?
    /// The parameter Stripe found fault with.
    public let param: String?
    public let message: String
    public let declineCode: String?
    /// Stripe's `Request-Id` header, for support tickets.
    public let requestID: String?
    /// How many attempts were made before giving up (1 when the error was not retried).
    public let attempts: Int

    public init(kind: Kind, message: String, httpStatus: Int? = nil, type: String? = nil, code: String? = nil,
                param: String? = nil, declineCode: String? = nil, requestID: String? = nil, attempts: Int = 1) {
        self.kind = kind
        self.httpStatus = httpStatus
        self.type = type
        self.code = code
        self.param = param
        // Stripe masks keys in its messages, but an emulator or proxy might not; a key never leaves in an error.
        self.message = StripeSecretKey.scrub(message)
        self.declineCode = declineCode
        self.requestID = requestID
        self.attempts = attempts
    }

    /// True when Stripe refused the key (HTTP 401).
    public var isAuthenticationFailure: Bool { kind == .authentication }

    public var description: String {
        var parts = ["Stripe \(kind.rawValue) error"]
        if let httpStatus { parts.append("HTTP \(httpStatus)") }
        if let code { parts.append("code=\(code)") }
        if let param { parts.append("param=\(param)") }
        if let declineCode { parts.append("decline_code=\(declineCode)") }
        if let requestID { parts.append("request_id=\(requestID)") }
        if attempts > 1 { parts.append("attempts=\(attempts)") }
        return parts.joined(separator: " ") + ": " + message
    }

    /// The same error, recording how many attempts it took.
    func after(attempts: Int) -> StripeError {
        StripeError(kind: kind, message: message, httpStatus: httpStatus, type: type, code: code, param: param,
                    declineCode: declineCode, requestID: requestID, attempts: attempts)
    }

    /// Decodes an error reply; a body that is not Stripe's shape still yields an error that names the status.
    static func fromResponse(status: Int, body: Data, requestID: String?) -> StripeError {
        let payload = try? JSONDecoder().decode(StripeErrorPayload.self, from: body)
        let detail = payload?.error
        let kind = classify(status: status, type: detail?.type, code: detail?.code)
        let message = detail?.message ?? "Stripe answered HTTP \(status) without an error message."
        return StripeError(kind: kind, message: message, httpStatus: status, type: detail?.type, code: detail?.code,
                           param: detail?.param, declineCode: detail?.declineCode, requestID: requestID)
    }

    static func classify(status: Int, type: String?, code: String?) -> Kind {
        if status == 429 || code == "rate_limit" || type == "rate_limit_error" { return .rateLimited }
        if type == "idempotency_error" { return .idempotency }
        switch status {
        case 401: return .authentication
        case 402: return .card
        case 403: return .permission
        case 404: return .notFound
        case 500...: return .server
        default: return type == "card_error" ? .card : .invalidRequest
        }
    }
}

/// Stripe's error body: `{"error": {"type", "code", "param", "message", "decline_code"}}`.
private struct StripeErrorPayload: Decodable {
    struct Detail: Decodable {
        let type: String?
        let code: String?
        let param: String?
        let message: String?
        let declineCode: String?

        private enum CodingKeys: String, CodingKey {
            case type, code, param, message
            case declineCode = "decline_code"
        }
    }

    let error: Detail
}
