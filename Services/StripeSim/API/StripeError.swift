/// An error answered in Stripe's shape: `{"error": {"type", "code", "param", "message", "doc_url"}}` with its status.
struct StripeError: Error, Sendable, CustomStringConvertible {
    var status: Int
    var type: String
    var code: String?
    var param: String?
    var message: String
    var headers: [(String, String)] = []

    var description: String { "\(status) \(type) \(code ?? "-"): \(message)" }

    static func invalidRequest(_ message: String, param: String? = nil, code: String? = nil, status: Int = 400) -> StripeError {
        StripeError(status: status, type: "invalid_request_error", code: code, param: param, message: message)
    }

    /// 404 `resource_missing` for an id that does not exist (`No such customer: 'cus_…'`).
    static func missing(_ noun: String, _ id: String, param: String = "id") -> StripeError {
        StripeError(status: 404, type: "invalid_request_error", code: "resource_missing", param: param,
                    message: "No such \(noun): '\(id)'")
    }

    static func idempotency(_ message: String) -> StripeError {
        StripeError(status: 400, type: "idempotency_error", code: nil, param: nil, message: message)
    }

    static func rateLimited(retryAfterSeconds: Int) -> StripeError {
        StripeError(status: 429, type: "invalid_request_error", code: "rate_limit", param: nil,
                    message: "Request rate limit exceeded. You can learn more about rate limits here https://stripe.com/docs/rate-limits.",
                    headers: [("Retry-After", String(retryAfterSeconds))])
    }

    static func apiError(_ message: String) -> StripeError {
        StripeError(status: 500, type: "api_error", code: nil, param: nil, message: message)
    }

    var body: [UInt8] {
        var writer = JSONWriter(reservingCapacity: 256)
        writer.beginObject()
        writer.key("error")
        writer.beginObject()
        if let code {
            writer.key("code")
            writer.string(code)
            writer.key("doc_url")
            writer.string("https://stripe.com/docs/error-codes/\(code.replacingOccurrences(of: "_", with: "-"))")
        }
        writer.key("message")
        writer.string(message)
        if let param {
            writer.key("param")
            writer.string(param)
        }
        writer.key("type")
        writer.string(type)
        writer.endObject()
        writer.endObject()
        return writer.bytes
    }
}
