import Foundation
import TestSupport
import Testing

extension GatewayTests {
    /// `/api/v1/stripe/connection`: connect, rotate, disconnect, and their refusals.
    @Suite struct ConnectionRoutes {
        @Test func connectRotateAndDisconnectThroughHTTP() async throws {
            let stack = try await GatewayStack.start()
            let token = try await stack.workspaceToken("ws_conn")

            let before = try await stack.call("GET", "/api/v1/stripe/connection", token: token)
            #expect(before.status == 404, "\(before.text)")
            #expect(before.errorCode == "not_found")
            for (method, path, body) in [("DELETE", "/api/v1/stripe/connection", nil),
                                         ("POST", "/api/v1/stripe/connection/api-key", ["api_key": GatewayStack.rotatedKey])]
                as [(String, String, [String: String]?)] {
                let refused = try await stack.call(method, path, token: token, json: body)
                #expect(refused.status == 404, "\(method) \(path) before any connect → \(refused.status) \(refused.text)")
            }

            let connected = try await stack.connect(token)
            #expect(connected["status"] as? String == "connected")
            #expect(connected["mode"] as? String == "test")
            #expect(connected["account_id"] as? String == ServiceStack.accountId)
            #expect(connected["account_name"] as? String == ServiceStack.accountName)
            #expect(connected["api_key_last4"] as? String == String(ServiceStack.testKey.suffix(4)))
            #expect(connected["connected_at"] is String)
            for field in ["customers_last_synced_at", "products_last_synced_at"] { #expect(connected.keys.contains(field)) }

            let again = try await stack.call("POST", "/api/v1/stripe/connection", token: token, json: ["api_key": ServiceStack.testKey])
            #expect(again.status == 409, "\(again.text)")

            let otherMode = try await stack.call("POST", "/api/v1/stripe/connection/api-key", token: token,
                                                 json: ["api_key": ServiceStack.liveKey])
            #expect(otherMode.status == 409, "\(otherMode.text)")
            #expect(!otherMode.text.contains(ServiceStack.liveKey))

            let refusedRotation = try await stack.call("POST", "/api/v1/stripe/connection/api-key", token: token,
                                                       json: ["api_key": "sk_test_not_a_real_key_1111"])
            #expect(refusedRotation.status == 400, "\(refusedRotation.text)")
            #expect(refusedRotation.errorCode == "api_key_rejected")
            #expect(!refusedRotation.text.contains("sk_test_not_a_real_key"))

            let rotated = try await stack.call("POST", "/api/v1/stripe/connection/api-key", token: token,
                                               json: ["api_key": GatewayStack.rotatedKey])
            #expect(rotated.status == 200, "\(rotated.text)")
            #expect(try rotated.json()["api_key_last4"] as? String == "5678")

            let shown = try await stack.call("GET", "/api/v1/stripe/connection", token: token)
            #expect(shown.status == 200)
            #expect(!shown.text.contains("sk_test_") && !shown.text.contains("rk_test_"))

            let gone = try await stack.call("DELETE", "/api/v1/stripe/connection", token: token)
            #expect(gone.status == 200, "\(gone.text)")
            #expect(try gone.json()["status"] as? String == "disconnected")
            let after = try await stack.call("GET", "/api/v1/stripe/connection", token: token)
            #expect(try after.json()["status"] as? String == "disconnected")

            for child in [stack.gateway] { #expect(!child.log.contains(ServiceStack.testKey)) }
        }

        @Test func connectRefusesBadBodiesNamingTheField() async throws {
            let stack = try await GatewayStack.start()
            let token = try await stack.workspaceToken("ws_bodies")
            let path = "/api/v1/stripe/connection"
            let cases: [(Data, String)] = [
                (Data("{\"api_key\": ".utf8), "not valid JSON"),
                (Data("[1,2]".utf8), "JSON object"),
                (Data("{}".utf8), "'api_key'"),
                (Data("{\"api_key\": 42}".utf8), "'api_key'"),
                (Data("{\"api_key\": true}".utf8), "'api_key'"),
                (Data("{\"api_key\": \"  \"}".utf8), "'api_key'"),
                (Data("{\"api_key\": \"sk_test_x\", \"apikey\": 1}".utf8), "'apikey'"),
                (Data("{\"api_key\": \"sk_test_x\", \"account_name\": 7}".utf8), "'account_name'"),
                (Data("".utf8), "JSON object body"),
            ]
            for (body, named) in cases {
                let response = try await stack.raw("POST", path, token: token, body: body)
                #expect(response.status == 400, "\(String(decoding: body, as: UTF8.self)) → \(response.status)")
                #expect(response.errorCode == "invalid_argument")
                #expect(response.errorMessage.contains(named), "\(response.errorMessage) should name \(named)")
            }
            // A key Stripe refuses is a bad field, not a bad caller: 400, never the 401 that means "your token".
            let rejected = try await stack.call("POST", path, token: token, json: ["api_key": "sk_test_not_a_real_key_9999"])
            #expect(rejected.status == 400, "\(rejected.text)")
            #expect(rejected.errorCode == "api_key_rejected")
            #expect(rejected.errorMessage.contains("'api_key'"))
            #expect(!rejected.text.contains("sk_test_not_a_real_key"))

            let huge = Data(("{\"api_key\": \"" + String(repeating: "k", count: 70_000) + "\"}").utf8)
            let tooLarge = try await stack.raw("POST", path, token: token, body: huge)
            #expect(tooLarge.status == 413)
            #expect(tooLarge.errorCode == "payload_too_large", "\(tooLarge.text)")
            #expect(tooLarge.errorMessage.contains("65536"))
            let still = try await stack.call("GET", path, token: token)
            #expect(still.status == 404, "nothing was stored by refused requests: \(still.text)")
        }
    }
}
