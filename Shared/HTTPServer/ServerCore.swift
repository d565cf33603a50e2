import CMicroHTTPD
import Synchronization

/// The part of the server libmicrohttpd's callbacks reach: request assembly, hand-off to tasks, reply queueing.
final class ServerCore: Sendable {
    let configuration: HTTPServerConfiguration
    let handler: HTTPHandler
    let inFlight = Atomic<Int>(0)

    init(configuration: HTTPServerConfiguration, handler: @escaping HTTPHandler) {
        self.configuration = configuration
        self.handler = handler
    }

    func access(connection: OpaquePointer, context: RequestContext, method: String,
                uploadData: UnsafePointer<CChar>?, uploadDataSize: UnsafeMutablePointer<Int>) -> MHD_Result {
        let phase = context.state.withLock { $0.phase }
        switch phase {
        case .new:
            let headers = collectHeaders(connection)
            let declared = headers["Content-Length"].flatMap { Int($0) } ?? 0
            context.state.withLock {
                $0.headers = headers
                $0.phase = .receiving
            }
            if declared > configuration.maxBodyBytes {
                context.state.withLock { $0.phase = .finished }
                return queue(configuration.payloadTooLarge, on: connection)
            }
            return .YES
        case .receiving:
            let size = uploadDataSize.pointee
            if size > 0 {
                context.state.withLock { state in
                    if state.body.count + size > configuration.maxBodyBytes {
                        state.bodyTooLarge = true
                        state.body = []
                    } else if !state.bodyTooLarge, let uploadData {
                        uploadData.withMemoryRebound(to: UInt8.self, capacity: size) {
                            state.body.append(contentsOf: UnsafeBufferPointer(start: $0, count: size))
                        }
                    }
                }
                uploadDataSize.pointee = 0
                return .YES
            }
            let (request, tooLarge) = context.state.withLock { state -> (HTTPRequest, Bool) in
                state.phase = .handling
                let request = HTTPRequest(method: HTTPMethod(rawValue: method), target: context.target,
                                          headers: state.headers, body: state.body)
                state.body = []
                return (request, state.bodyTooLarge)
            }
            if tooLarge {
                context.state.withLock { $0.phase = .finished }
                return queue(configuration.payloadTooLarge, on: connection)
            }
            inFlight.add(1, ordering: .acquiringAndReleasing)
            let handle = ConnectionHandle(pointer: connection)
            let handler = self.handler
            // Started in place, the handler runs on this thread until it first waits (for a service's answer, say),
            // which saves a thread hand-off per request; one that never waits has answered by the time this returns.
            Task.immediate {
                let response = await handler(request)
                let suspended = context.state.withLock { state -> Bool in
                    state.response = response
                    return state.suspended
                }
                if suspended { MHD_resume_connection(handle.pointer) }
            }
            let answered = context.state.withLock { state -> HTTPResponse? in
                if let response = state.response {
                    state.phase = .finished
                    state.response = nil
                    return response
                }
                // Suspended under the lock: the task, finishing on another thread, resumes only a suspended connection.
                state.suspended = true
                MHD_suspend_connection(connection)
                return nil
            }
            guard let answered else { return .YES }
            inFlight.subtract(1, ordering: .acquiringAndReleasing)
            if answered.dropsConnection { return .NO }
            return queue(answered, on: connection)
        case .handling:
            guard let response = context.state.withLock({ state -> HTTPResponse? in
                guard let response = state.response else { return nil }
                state.phase = .finished
                state.response = nil
                return response
            }) else { return .YES }
            inFlight.subtract(1, ordering: .acquiringAndReleasing)
            if response.dropsConnection { return .NO }
            return queue(response, on: connection)
        case .finished:
            return .YES
        }
    }

    /// Balances the in-flight count for a request whose connection died before its reply was queued.
    func finishAbandoned(_ context: RequestContext) {
        let abandoned = context.state.withLock { state -> Bool in
            guard state.phase == .handling else { return false }
            state.phase = .finished
            return true
        }
        if abandoned { inFlight.subtract(1, ordering: .acquiringAndReleasing) }
    }

    private func collectHeaders(_ connection: OpaquePointer) -> HTTPHeaders {
        let collector = HeaderCollector()
        withExtendedLifetime(collector) {
            _ = MHD_get_connection_values(connection, .HEADER_KIND, headerIteratorFunction,
                                          Unmanaged.passUnretained(collector).toOpaque())
        }
        return collector.headers
    }

    private func queue(_ response: HTTPResponse, on connection: OpaquePointer) -> MHD_Result {
        let mhdResponse = response.body.withUnsafeBytes { bytes in
            MHD_create_response_from_buffer(bytes.count, UnsafeMutableRawPointer(mutating: bytes.baseAddress),
                                            .RESPMEM_MUST_COPY)
        }
        guard let mhdResponse else { return .NO }
        defer { MHD_destroy_response(mhdResponse) }
        for field in response.headers {
            _ = MHD_add_response_header(mhdResponse, field.name, field.value)
        }
        return MHD_queue_response(connection, UInt32(response.status), mhdResponse)
    }
}

private func headerIteratorFunction(_ cls: UnsafeMutableRawPointer?, _ kind: MHD_ValueKind, _ key: UnsafePointer<CChar>?,
                                    _ value: UnsafePointer<CChar>?) -> MHD_Result {
    guard let cls, let key else { return .YES }
    let collector = Unmanaged<HeaderCollector>.fromOpaque(cls).takeUnretainedValue()
    collector.headers.add(String(cString: key), value.map { String(cString: $0) } ?? "")
    return .YES
}
