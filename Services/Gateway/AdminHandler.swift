import Bus
import Foundation
import Store
import Support
import VelesAPI

/// The `veles.admin.v1.Admin` RPCs (workspaces and tokens), served by the gateway on the bus for velesctl.
struct AdminHandler: Veles_Admin_V1_AdminHandler {
    let store: GatewayStore

    func createWorkspace(request: Veles_Admin_V1_CreateWorkspaceRequest,
                         context: RPCContext) async throws -> Veles_Admin_V1_CreateWorkspaceResponse {
        let name = request.name.trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty else { throw RPCError(.invalidArgument, "a workspace needs a name") }
        let id = request.id.trimmingCharacters(in: .whitespaces)
        guard id.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") }), id.count <= 64 else {
            throw RPCError(.invalidArgument, "a workspace id may hold letters, digits, '_' and '-' (64 at most)")
        }
        if !id.isEmpty, try store.workspace(id: id) != nil {
            throw RPCError(.alreadyExists, "workspace \(id) exists already")
        }
        var response = Veles_Admin_V1_CreateWorkspaceResponse()
        response.workspace = Self.proto(try store.createWorkspace(id: id, name: name))
        return response
    }

    func listWorkspaces(request: Veles_Admin_V1_ListWorkspacesRequest,
                        context: RPCContext) async throws -> Veles_Admin_V1_ListWorkspacesResponse {
        var response = Veles_Admin_V1_ListWorkspacesResponse()
        response.workspaces = try store.workspaces().map(Self.proto)
        return response
    }

    func createToken(request: Veles_Admin_V1_CreateTokenRequest,
                     context: RPCContext) async throws -> Veles_Admin_V1_CreateTokenResponse {
        guard try store.workspace(id: request.workspaceId) != nil else {
            throw RPCError(.notFound, "no workspace \(request.workspaceId)")
        }
        let (token, secret) = try store.createToken(workspaceId: request.workspaceId,
                                                    name: request.name.isEmpty ? "api" : request.name)
        var response = Veles_Admin_V1_CreateTokenResponse()
        response.token = Self.proto(token)
        response.secret = secret
        return response
    }

    func revokeToken(request: Veles_Admin_V1_RevokeTokenRequest,
                     context: RPCContext) async throws -> Veles_Admin_V1_RevokeTokenResponse {
        guard let token = try store.revokeToken(id: request.tokenId) else {
            throw Self.unknownToken(request.tokenId)
        }
        var response = Veles_Admin_V1_RevokeTokenResponse()
        response.token = Self.proto(token)
        return response
    }

    /// Names an unknown token id back to the caller: in full when it looks like an id, which is no secret; otherwise
    /// by its last four characters only, since what was given may be the token's secret or another key.
    static func unknownToken(_ given: String) -> RPCError {
        if given.hasPrefix(GatewayStore.tokenPrefix) {
            return RPCError(.notFound, "no token with id …\(Redact.lastFour(given)): that is a token's secret; revoke "
                            + "takes the token's id (\(GatewayStore.tokenIdPrefix)…), which `velesctl token list` shows")
        }
        if given.hasPrefix(GatewayStore.tokenIdPrefix) {
            return RPCError(.notFound, "no token \(given)")
        }
        return RPCError(.notFound, "no token with id …\(Redact.lastFour(given)); token ids look like \(GatewayStore.tokenIdPrefix)…")
    }

    func listTokens(request: Veles_Admin_V1_ListTokensRequest,
                    context: RPCContext) async throws -> Veles_Admin_V1_ListTokensResponse {
        var response = Veles_Admin_V1_ListTokensResponse()
        response.tokens = try store.tokens(workspaceId: request.workspaceId).map(Self.proto)
        return response
    }

    static func proto(_ workspace: GatewayStore.Workspace) -> Veles_Admin_V1_Workspace {
        var message = Veles_Admin_V1_Workspace()
        message.id = workspace.id
        message.name = workspace.name
        message.createdAtMs = workspace.createdAtMs
        return message
    }

    static func proto(_ token: GatewayStore.Token) -> Veles_Admin_V1_ApiToken {
        var message = Veles_Admin_V1_ApiToken()
        message.id = token.id
        message.workspaceId = token.workspaceId
        message.name = token.name
        message.last4 = token.last4
        message.createdAtMs = token.createdAtMs
        message.revokedAtMs = token.revokedAtMs ?? 0
        return message
    }
}
