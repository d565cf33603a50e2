import Bus
import Foundation

/// Publishes `connection.changed` on the bus for every change the manager makes.
struct BusEventSink: ConnectionEventSink {
    static let topic = "connection.changed"
    let client: BusClient

    func publish(_ change: ConnectionChange, details: ConnectionDetails) async {
        let message = ConnectionProtoMapping.changed(change, details: details, atMs: Int64(Date().timeIntervalSince1970 * 1000))
        client.publish(topic: Self.topic, message, workspaceId: details.record.workspaceId)
    }
}
