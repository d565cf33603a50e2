import CMicroHTTPD
import Synchronization
import Foundation

/// An HTTP/1.1 server on libmicrohttpd: its threads accept and parse, each complete request runs as a Swift task
/// started in place on the parsing thread (the connection is suspended once the handler waits, so no thread waits),
/// and `stop()` drains in-flight requests.
public final class HTTPServer: Sendable {
    /// The port the server listens on (the chosen one when configured with port 0).
    public let port: UInt16
    public let configuration: HTTPServerConfiguration
    private let core: ServerCore
    private let daemon: Mutex<DaemonHandle?>
    private let socket: ListeningSocket

    /// Binds the socket and starts libmicrohttpd's thread pool; requests go to `handler`.
    public init(configuration: HTTPServerConfiguration, handler: @escaping HTTPHandler) throws {
        let socket = try ListeningSocket.open(host: configuration.host, port: configuration.port)
        let core = ServerCore(configuration: configuration, handler: handler)
        let coreAddress = Unmanaged.passUnretained(core).toOpaque()
        var options: [MHD_OptionItem] = [
            MHD_OptionItem(option: .LISTEN_SOCKET, value: Int(socket.descriptor), ptr_value: nil),
            MHD_OptionItem(option: .THREAD_POOL_SIZE, value: max(1, configuration.threadCount), ptr_value: nil),
            MHD_OptionItem(option: .CONNECTION_MEMORY_LIMIT, value: max(8192, configuration.maxHeaderBytes), ptr_value: nil),
            MHD_OptionItem(option: .CONNECTION_TIMEOUT, value: configuration.connectionTimeoutSeconds, ptr_value: nil),
            MHD_OptionItem(option: .CONNECTION_LIMIT, value: configuration.connectionLimit, ptr_value: nil),
            MHD_OptionItem(option: .URI_LOG_CALLBACK,
                           value: unsafeBitCast(uriLogTrampoline as MHDURILogCallback, to: Int.self), ptr_value: coreAddress),
            MHD_OptionItem(option: .NOTIFY_COMPLETED,
                           value: unsafeBitCast(completedTrampoline as MHDCompletedCallback, to: Int.self), ptr_value: coreAddress),
            MHD_OptionItem(option: .END, value: 0, ptr_value: nil),
        ]
        let flags = MHD_USE_INTERNAL_POLLING_THREAD.rawValue | MHD_USE_EPOLL.rawValue | MHD_ALLOW_SUSPEND_RESUME.rawValue
        let started: OpaquePointer? = options.withUnsafeMutableBufferPointer { items in
            withVaList([MHD_OPTION.ARRAY.rawValue, items.baseAddress!, MHD_OPTION.END.rawValue]) { arguments in
                MHD_start_daemon_va(flags, 0, nil, nil, accessTrampoline, coreAddress, arguments)
            }
        }
        guard let started else {
            socket.close()
            throw HTTPServerError.daemonFailed
        }
        self.port = socket.port
        self.configuration = configuration
        self.core = core
        self.socket = socket
        self.daemon = Mutex(DaemonHandle(pointer: started))
    }

    /// Requests received and not yet answered.
    public var inFlightCount: Int { core.inFlight.load(ordering: .relaxed) }

    /// Stops accepting, waits for every in-flight handler to answer, then shuts libmicrohttpd down. Idempotent.
    public func stop() async {
        guard let handle = daemon.withLock({ current -> DaemonHandle? in
            defer { current = nil }
            return current
        }) else { return }
        _ = MHD_quiesce_daemon(handle.pointer)
        // A suspended connection must be resumed before the daemon stops, so the handlers finish first.
        while core.inFlight.load(ordering: .acquiring) > 0 {
            try? await Task.sleep(for: .milliseconds(2))
        }
        let socket = self.socket
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            // MHD_stop_daemon joins its threads: keep that off the cooperative pool.
            Thread.detachNewThread {
                MHD_stop_daemon(handle.pointer)
                socket.close()
                continuation.resume()
            }
        }
    }

    deinit {
        if let handle = daemon.withLock({ $0 }) {
            MHD_stop_daemon(handle.pointer)
            socket.close()
        }
    }
}

typealias MHDURILogCallback = @convention(c) (UnsafeMutableRawPointer?, UnsafePointer<CChar>?, OpaquePointer?) -> UnsafeMutableRawPointer?
typealias MHDCompletedCallback = @convention(c) (UnsafeMutableRawPointer?, OpaquePointer?, UnsafeMutablePointer<UnsafeMutableRawPointer?>?, MHD_RequestTerminationCode) -> Void

/// Called first for every request with the raw target; the context it returns lives until `completedTrampoline`.
private func uriLogTrampoline(_ cls: UnsafeMutableRawPointer?, _ uri: UnsafePointer<CChar>?, _ connection: OpaquePointer?) -> UnsafeMutableRawPointer? {
    let target = uri.map { String(cString: $0) } ?? "/"
    return Unmanaged.passRetained(RequestContext(target: target)).toOpaque()
}

private func completedTrampoline(_ cls: UnsafeMutableRawPointer?, _ connection: OpaquePointer?,
                                 _ requestContext: UnsafeMutablePointer<UnsafeMutableRawPointer?>?, _ code: MHD_RequestTerminationCode) {
    guard let requestContext, let raw = requestContext.pointee else { return }
    requestContext.pointee = nil
    let context = Unmanaged<RequestContext>.fromOpaque(raw).takeRetainedValue()
    guard let cls else { return }
    // A connection closed while its handler still ran never comes back through the access handler.
    let core = Unmanaged<ServerCore>.fromOpaque(cls).takeUnretainedValue()
    core.finishAbandoned(context)
}

private func accessTrampoline(_ cls: UnsafeMutableRawPointer?, _ connection: OpaquePointer?, _ url: UnsafePointer<CChar>?,
                              _ method: UnsafePointer<CChar>?, _ version: UnsafePointer<CChar>?,
                              _ uploadData: UnsafePointer<CChar>?, _ uploadDataSize: UnsafeMutablePointer<Int>?,
                              _ requestContext: UnsafeMutablePointer<UnsafeMutableRawPointer?>?) -> MHD_Result {
    guard let cls, let connection, let uploadDataSize, let requestContext, let raw = requestContext.pointee else { return .NO }
    let core = Unmanaged<ServerCore>.fromOpaque(cls).takeUnretainedValue()
    let context = Unmanaged<RequestContext>.fromOpaque(raw).takeUnretainedValue()
    let methodName = method.map { String(cString: $0) } ?? "GET"
    return core.access(connection: connection, context: context, method: methodName,
                       uploadData: uploadData, uploadDataSize: uploadDataSize)
}
