/// Per-call settings a caller may give; anything left nil comes from the channel's defaults or the calling handler.
public struct CallOptions: Sendable, Hashable {
    /// How long the call may take in total, retries included. Nil: the channel's default timeout, shortened to the
    /// calling handler's remaining deadline when the call is made from inside a handler.
    public var timeout: Duration?
    /// The workspace the call acts for. Nil inside a handler: the incoming request's workspace.
    public var workspaceId: String?
    /// Correlates the calls of one user action across services. Nil: inherited, or a new one.
    public var traceId: String?

    public init(timeout: Duration? = nil, workspaceId: String? = nil, traceId: String? = nil) {
        self.timeout = timeout
        self.workspaceId = workspaceId
        self.traceId = traceId
    }
}
