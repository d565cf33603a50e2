import Bus
@testable import Gateway
import Testing
import TestSupport
import VelesAPI

extension GatewayTests {
    /// The Admin RPCs velesctl calls, on a store of their own (no processes).
    @Suite struct AdminHandling {
        let directory: TemporaryDirectory
        let store: GatewayStore
        let handler: AdminHandler

        init() throws {
            directory = try TemporaryDirectory(prefix: "veles-admin")
            store = try GatewayStore.open(path: directory.appending("gateway.sqlite").path)
            handler = AdminHandler(store: store)
            _ = try store.createWorkspace(id: "ws_admin", name: "Admin")
        }

        static let context = RPCContext(method: Veles_Admin_V1_Admin.Methods.revokeToken, requestId: "r",
                                        deadline: .now + .seconds(5), metadata: RPCMetadata(caller: "velesctl"))

        func revokeError(_ tokenId: String) async -> RPCError? {
            var request = Veles_Admin_V1_RevokeTokenRequest()
            request.tokenId = tokenId
            do {
                _ = try await handler.revokeToken(request: request, context: Self.context)
                return nil
            } catch {
                return error as? RPCError
            }
        }

        /// An operator who passes the token's secret where its id goes must not see the secret echoed back.
        @Test func revokingBySecretNeverEchoesTheSecret() async throws {
            let (token, secret) = try store.createToken(workspaceId: "ws_admin", name: "api")
            let error = try #require(await revokeError(secret))
            #expect(error.code == .notFound)
            #expect(!error.message.contains(secret), "the secret was echoed: \(error.message)")
            #expect(!error.message.contains(secret.dropLast(4)), "most of the secret was echoed: \(error.message)")
            #expect(error.message.contains("…" + secret.suffix(4)), "\(error.message)")
            #expect(error.message.contains("tok_"), "the message should say revoke takes the token id: \(error.message)")
            #expect(try store.workspaceId(forToken: secret) == "ws_admin", "the token was revoked anyway")
            #expect(try store.tokens(workspaceId: "ws_admin").map(\.id) == [token.id])
        }

        /// A token id is no secret: an unknown one is named in full, so a typo can be seen.
        @Test func anUnknownTokenIdIsNamed() async throws {
            let error = try #require(await revokeError("tok_0123456789abcdef"))
            #expect(error.code == .notFound)
            #expect(error.message.contains("tok_0123456789abcdef"), "\(error.message)")
        }

        /// Whatever else was pasted may be a secret of another kind (a Stripe key): only its last four are shown.
        @Test func anythingButATokenIdIsShownByItsLastFourOnly() async throws {
            let pasted = "sk_test_51PastedByMistakeAbcdWxyz"
            let error = try #require(await revokeError(pasted))
            #expect(error.code == .notFound)
            #expect(!error.message.contains("PastedByMistake"), "\(error.message)")
            #expect(error.message.contains("…Wxyz"), "\(error.message)")
        }
    }
}
