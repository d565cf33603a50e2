import Bus
import Foundation

/// `velesctl call <service> <Method> '<json>'`: one call, the reply printed as JSON (secrets redacted).
struct CallCommand {
    let client: BusClient
    let codec: MessageCodec
    let timeout: Duration?
    let workspaceId: String?

    func run(_ arguments: [String]) async throws {
        guard arguments.count >= 2, arguments.count <= 3 else {
            throw CLIError("usage: velesctl call <service> <Method> ['<json>']")
        }
        let method = try ServiceCatalog.all.method(service: arguments[0], name: arguments[1])
        let json = arguments.count == 3 ? arguments[2] : "{}"
        let request: [UInt8]
        do {
            request = try codec.encode(json: json, as: method.requestType)
        } catch {
            throw CLIError("the request is not a valid \(method.requestType): \(error)")
        }
        let reply = try await client.unary(method: method, request: request,
                                           options: CallOptions(timeout: timeout, workspaceId: workspaceId))
        print(try codec.json(reply, as: method.responseType))
    }
}
