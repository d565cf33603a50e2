import Foundation
import TestSupport
import Testing
import VelesAPI

extension GatewayTests {
    /// Bearer tokens: every authenticated route refuses a request without a valid, unrevoked token.
    @Suite struct Auth {
        @Test func everyAuthenticatedRouteRefusesMissingMalformedUnknownAndRevokedTokens() async throws {
            let stack = try await GatewayStack.start(services: false)
            let good = try await stack.workspaceToken("ws_auth")
            let revoked = try await stack.token(for: "ws_auth")
            var revoke = Veles_Admin_V1_RevokeTokenRequest()
            revoke.tokenId = revoked.token.id
            let revokedReply = try await stack.admin.revokeToken(revoke)
            #expect(revokedReply.token.revokedAtMs > 0)

            let routes = try RouteTable.served().filter { RouteTable.authenticated.contains($0) }
            #expect(routes.count >= 25)
            let unknown = "vlt_" + String(repeating: "0", count: 64)
            let headers: [(String, [String: String])] = [
                ("missing", [:]),
                ("not bearer", ["Authorization": "Basic \(good)"]),
                ("unknown", ["Authorization": "Bearer \(unknown)"]),
                ("garbage", ["Authorization": "Bearer ' OR 1=1 --"]),
                ("revoked", ["Authorization": "Bearer \(revoked.secret)"]),
            ]
            for route in routes {
                let path = RouteTable.fill(route.pattern, ["stripe_id": "cus_x", "id": "x"])
                for (label, header) in headers {
                    let body: Any? = ["GET", "DELETE"].contains(route.method) ? nil : ["x": 1]
                    let response = try await stack.call(route.method, path, token: nil, json: body, headers: header)
                    #expect(response.status == 401, "\(route) with a \(label) token → \(response.status)")
                    #expect(response.errorCode == "unauthenticated")
                    // RFC 6750 §3: the challenge names the scheme; a token was sent and refused only for some labels.
                    let challenge = response.header("WWW-Authenticate") ?? ""
                    #expect(challenge.hasPrefix("Bearer realm="), "\(route) with a \(label) token: '\(challenge)'")
                    #expect(challenge.contains("error=\"invalid_token\"") == ["unknown", "garbage", "revoked"].contains(label),
                            "\(route) with a \(label) token: '\(challenge)'")
                    #expect(!response.text.contains(revoked.secret) && !response.text.contains(good))
                }
            }
            // The good token passes authentication: with no customer-sync worker the answer is 503, not 401.
            let passed = try await stack.call("GET", "/api/v1/stripe/customers", token: good)
            #expect(passed.status == 503, "\(passed.status) \(passed.text)")
            #expect(passed.header("Retry-After") != nil)
        }

        @Test func theBearerSchemeIsMatchedWithoutRegardToCase() async throws {
            let stack = try await GatewayStack.start(services: false)
            let good = try await stack.workspaceToken("ws_scheme")
            // RFC 9110 §11.1: the scheme is case-insensitive. Past authentication the call meets the missing
            // customer-sync worker (503), so 503 means the token was accepted.
            for header in ["Bearer \(good)", "bearer \(good)", "BEARER \(good)", "bEaReR  \(good) "] {
                let response = try await stack.call("GET", "/api/v1/stripe/customers", token: nil,
                                                    headers: ["Authorization": header])
                #expect(response.status == 503, "'\(header.prefix(8))…' → \(response.status) \(response.text)")
            }
            for header in ["Bearer\(good)", "Bearers \(good)", "bearer", "bearer \(good) extra", "Basic \(good)"] {
                let response = try await stack.call("GET", "/api/v1/stripe/customers", token: nil,
                                                    headers: ["Authorization": header])
                #expect(response.status == 401, "'\(header.prefix(8))…' → \(response.status) \(response.text)")
            }
        }

        @Test func aMethodThePathDoesNotServeIsAnswered405WithTheMethodsItDoes() async throws {
            let stack = try await GatewayStack.start(services: false)
            let cases: [(String, String, Set<String>)] = [
                ("PUT", "/api/v1/stripe/connection", ["GET", "HEAD", "POST", "DELETE"]),
                ("DELETE", "/api/v1/stripe/customers/summary", ["GET", "HEAD"]),
                ("GET", "/api/v1/stripe/customers/sync", ["POST"]),
                ("PATCH", "/api/v1/stripe/products/prod_x", ["GET", "HEAD"]),
                ("POST", "/api/v1/veles/products/vp_x", ["GET", "HEAD", "PATCH"]),
                ("GET", "/webhooks/stripe/conn_x", ["POST"]),
            ]
            for (method, path, allowed) in cases {
                let response = try await stack.call(method, path, token: nil)
                #expect(response.status == 405, "\(method) \(path) → \(response.status) \(response.text)")
                #expect(response.errorCode == "method_not_allowed")
                let listed = Set((response.header("Allow") ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
                #expect(listed == allowed, "\(method) \(path): Allow '\(response.header("Allow") ?? "")'")
            }
        }

        @Test func tokensAreStoredHashedAndListedByTheirLastFourOnly() async throws {
            let stack = try await GatewayStack.start(services: false)
            let secret = try await stack.workspaceToken("ws_hash")
            #expect(secret.hasPrefix("vlt_") && secret.count == 68)
            var list = Veles_Admin_V1_ListTokensRequest()
            list.workspaceId = "ws_hash"
            let tokens = try await stack.admin.listTokens(list).tokens
            #expect(tokens.count == 1)
            #expect(tokens.first?.last4 == String(secret.suffix(4)))
            let store = try Data(contentsOf: URL(fileURLWithPath: stack.stack.dataDirectory + "/gateway.sqlite"))
            #expect(store.range(of: Data(secret.utf8)) == nil, "the token's secret is in the store file")
            #expect(!stack.gateway.log.contains(secret))
        }

        @Test func adminRefusesATokenForAnUnknownWorkspaceAndADuplicateWorkspaceId() async throws {
            let stack = try await GatewayStack.start(services: false)
            _ = try await stack.workspaceToken("ws_dup")
            await #expect(throws: (any Error).self) { try await stack.token(for: "ws_nope") }
            await #expect(throws: (any Error).self) { _ = try await stack.workspaceToken("ws_dup") }
            var bad = Veles_Admin_V1_CreateWorkspaceRequest()
            bad.name = "Bad"
            bad.id = "has space"
            await #expect(throws: (any Error).self) { try await stack.admin.createWorkspace(bad) }
        }
    }
}
