import Bus
@testable import Gateway
import Testing

extension GatewayTests {
    /// The RPC status → HTTP status promise, one row per status the services answer.
    @Suite struct StatusMapping {
        @Test(arguments: [
            (Veles_Bus_V1_StatusCode.invalidArgument, 400, "invalid_argument"),
            (.unauthenticated, 401, "unauthenticated"),
            (.permissionDenied, 403, "permission_denied"),
            (.notFound, 404, "not_found"),
            (.alreadyExists, 409, "already_exists"),
            (.failedPrecondition, 409, "failed_precondition"),
            (.resourceExhausted, 429, "resource_exhausted"),
            (.unavailable, 503, "unavailable"),
            (.deadlineExceeded, 504, "deadline_exceeded"),
            (.internal, 500, "internal"),
        ])
        func rpcStatusBecomesItsHTTPStatus(code: Veles_Bus_V1_StatusCode, status: Int, name: String) throws {
            let error = APIError(from: RPCError(code, "what went wrong"))
            #expect(error.status == status)
            #expect(error.code == name)
            let response = error.response
            #expect(response.status == status)
            #expect(String(decoding: response.body, as: UTF8.self)
                        == #"{"error":{"code":"\#(name)","message":"what went wrong"}}"#)
            let retry = response.headers["Retry-After"]
            #expect((retry != nil) == (status == 503 || status == 429))
        }
    }
}
