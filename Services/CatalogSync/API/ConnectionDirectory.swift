import Bus
import SyncEngine
import VelesAPI

/// The scheduler's list of workspaces to keep in sync, from the connection service.
struct ConnectionDirectory: WorkspaceDirectory {
    let connection: Veles_Connection_V1_ConnectionClient

    func connectedWorkspaces() async throws -> [String] {
        var workspaces: [String] = []
        var request = Veles_Connection_V1_ListConnectedWorkspacesRequest()
        request.page.limit = 200
        repeat {
            let reply = try await connection.listConnectedWorkspaces(request)
            workspaces += reply.workspaces.map(\.workspaceId)
            request.page.cursor = reply.page.hasMore ? reply.page.nextCursor : ""
        } while !request.page.cursor.isEmpty
        return workspaces
    }
}

