import Bus
import VelesAPI

/// The scheduler's list of workspaces to keep in sync: those the connection service holds as connected.
public struct ConnectionDirectory: WorkspaceDirectory {
    let connection: Veles_Connection_V1_ConnectionClient

    public init(channel: any RPCChannel) {
        connection = Veles_Connection_V1_ConnectionClient(channel: channel)
    }

    public func connectedWorkspaces() async throws -> [String] {
        var workspaces: [String] = []
        var request = Veles_Connection_V1_ListConnectedWorkspacesRequest()
        request.page.limit = 500
        while true {
            let reply = try await connection.listConnectedWorkspaces(request)
            workspaces += reply.workspaces.map(\.workspaceId)
            guard reply.page.hasMore, !reply.page.nextCursor.isEmpty else { return workspaces }
            request.page.cursor = reply.page.nextCursor
        }
    }
}
