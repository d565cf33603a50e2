import Bus
import HTTPServer

/// An error as the API shows it: `{"error": {"code", "message"}}` with the HTTP status of its RPC code.
struct APIError: Error, Sendable {
    let status: Int
    let code: String
    let message: String
    var retryAfterSeconds: Int?
    /// The `WWW-Authenticate` challenge every 401 carries (RFC 9110 §11.6.1, RFC 6750 §3).
    var challenge: String?

    init(status: Int, code: String, message: String, retryAfterSeconds: Int? = nil, challenge: String? = nil) {
        self.status = status
        self.code = code
        self.message = message
        self.retryAfterSeconds = retryAfterSeconds
        self.challenge = challenge ?? (status == 401 ? Self.bearerChallenge : nil)
    }

    /// The challenge of a request that had no Bearer credentials: the scheme and realm, no error code (RFC 6750 §3.1).
    static let bearerChallenge = #"Bearer realm="veles""#

    static func badRequest(_ message: String) -> APIError { APIError(status: 400, code: "invalid_argument", message: message) }
    /// No Bearer token was sent.
    static let unauthenticated = APIError(status: 401, code: "unauthenticated",
                                          message: "a valid API token is required: Authorization: Bearer <token>")
    /// A Bearer token was sent but is unknown, revoked or malformed; the challenge says so with `invalid_token`.
    static let invalidToken = APIError(status: 401, code: "unauthenticated",
                                       message: "a valid API token is required: Authorization: Bearer <token>",
                                       challenge: #"Bearer realm="veles", error="invalid_token""#)
    /// A query parameter the route does not read, worded like an unknown body field, with the ones it does read.
    static func unknownQueryParameter(_ name: String, accepted: Set<String>) -> APIError {
        let takes = accepted.isEmpty ? "none" : accepted.sorted().joined(separator: ", ")
        return badRequest("unknown query parameter '\(name)' (this route takes \(takes))")
    }

    /// A query parameter whose value is not one of `allowed`: one wording for every such parameter.
    static func queryValue(_ name: String, _ value: String, mustBe allowed: [String]) -> APIError {
        let choices = allowed.count > 1 ? allowed.dropLast().joined(separator: ", ") + " or " + allowed[allowed.count - 1]
                                        : allowed.joined()
        return badRequest("query parameter '\(name)' must be \(choices), not '\(value)'")
    }

    static func notFound(_ message: String) -> APIError { APIError(status: 404, code: "not_found", message: message) }

    /// The HTTP form of an RPC failure: the mapping the gateway promises its clients.
    init(rpc error: RPCError) {
        switch error.code {
        case .invalidArgument, .outOfRange: self.init(status: 400, code: "invalid_argument", message: error.message)
        case .unauthenticated: self.init(status: 401, code: "unauthenticated", message: error.message)
        case .permissionDenied: self.init(status: 403, code: "permission_denied", message: error.message)
        case .notFound: self.init(status: 404, code: "not_found", message: error.message)
        case .alreadyExists: self.init(status: 409, code: "already_exists", message: error.message)
        case .failedPrecondition, .aborted: self.init(status: 409, code: "failed_precondition", message: error.message)
        case .resourceExhausted:
            self.init(status: 429, code: "resource_exhausted", message: error.message, retryAfterSeconds: 1)
        case .unavailable: self.init(status: 503, code: "unavailable", message: error.message, retryAfterSeconds: 1)
        case .deadlineExceeded: self.init(status: 504, code: "deadline_exceeded", message: error.message)
        case .unimplemented: self.init(status: 501, code: "unimplemented", message: error.message)
        default: self.init(status: 500, code: "internal", message: error.message)
        }
    }

    /// Any error a route threw, as the client sees it.
    init(from error: any Error) {
        switch error {
        case let error as APIError: self = error
        case let error as RPCError: self.init(rpc: error)
        default: self.init(rpc: RPCError(from: error))
        }
    }

    var response: HTTPResponse {
        var headers = HTTPHeaders()
        if let retryAfterSeconds { headers.set("Retry-After", String(retryAfterSeconds)) }
        if let challenge { headers.set("WWW-Authenticate", challenge) }
        let body = JSONOutput.encode(["error": ["code": code, "message": message]])
        return .json(status, body, headers: headers)
    }
}
