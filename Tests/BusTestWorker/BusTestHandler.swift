import Bus
import Foundation
import Support

/// The test service: echo, sleeps that notice cancellation, chosen failures, a nested call, an internal method.
struct BusTestHandler: Veles_Bustest_V1_BusTestHandler {
    let workerName: String
    let client: BusClient
    let logger: Logger

    func echo(request: Veles_Bustest_V1_EchoRequest, context: RPCContext) async throws -> Veles_Bustest_V1_EchoResponse {
        var response = Veles_Bustest_V1_EchoResponse()
        response.text = request.text
        response.blob = request.blob
        response.apiKey = request.apiKey
        response.worker = workerName
        response.attempt = UInt32(context.metadata.attempt)
        response.workspaceId = context.metadata.workspaceId
        response.caller = context.metadata.caller
        return response
    }

    func sleep(request: Veles_Bustest_V1_SleepRequest, context: RPCContext) async throws -> Veles_Bustest_V1_SleepResponse {
        try await sleeping(request, context: context)
    }

    func sleepOnce(request: Veles_Bustest_V1_SleepRequest, context: RPCContext) async throws -> Veles_Bustest_V1_SleepResponse {
        try await sleeping(request, context: context)
    }

    private func sleeping(_ request: Veles_Bustest_V1_SleepRequest, context: RPCContext) async throws -> Veles_Bustest_V1_SleepResponse {
        let remaining = context.remaining.components
        let remainingMs = remaining.seconds * 1000 + remaining.attoseconds / 1_000_000_000_000_000
        logger.info("sleep started", ["label": request.label, "worker": workerName, "method": context.method.name])
        do {
            if request.blockThread {
                usleep(UInt32(clamping: request.sleepMs * 1000))
            } else {
                try await Task.sleep(for: .milliseconds(request.sleepMs))
            }
        } catch {
            logger.info("sleep handler cancelled", ["label": request.label, "worker": workerName])
            throw error
        }
        var response = Veles_Bustest_V1_SleepResponse()
        response.worker = workerName
        response.label = request.label
        response.remainingMs = remainingMs
        return response
    }

    func fail(request: Veles_Bustest_V1_FailRequest, context: RPCContext) async throws -> Veles_Bustest_V1_FailResponse {
        throw RPCError(Veles_Bus_V1_StatusCode(rawValue: request.code), request.message)
    }

    func nested(request: Veles_Bustest_V1_NestedRequest, context: RPCContext) async throws -> Veles_Bustest_V1_NestedResponse {
        var inner = Veles_Bustest_V1_SleepRequest()
        inner.sleepMs = request.sleepMs
        inner.label = "nested"
        // No timeout given: the call inherits what is left of this handler's deadline.
        let reply = try await Veles_Bustest_V1_BusTestClient(channel: client).sleep(inner)
        var response = Veles_Bustest_V1_NestedResponse()
        response.innerRemainingMs = reply.remainingMs
        response.traceId = context.metadata.traceId
        return response
    }

    func internalPing(request: Veles_Bustest_V1_InternalPingRequest, context: RPCContext) async throws -> Veles_Bustest_V1_InternalPingResponse {
        var response = Veles_Bustest_V1_InternalPingResponse()
        response.worker = workerName
        return response
    }
}
