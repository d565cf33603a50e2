import Bus
import VelesAPI

/// The scheduler's list of workspaces to keep in sync: those the connection service holds as connected.
public struct ConnectionDirectory: WorkspaceDirectory {
    let connection: Veles_Connection_V1_ConnectionClient

    public init(channel: any RPCChannel) {
        connection = Veles_Connection_V1_ConnectionClient(channel: channel)
    }

    public func connectedWorkspaces() async throws -> [String] {
        try await connection.listConnections(.init()).connections
            .filter { $0.status == .connected }
            .map(\.workspaceId)
    }
}
