/// What travels beside every request: who asks, for which workspace, as part of which trace, on which attempt.
public struct RPCMetadata: Sendable, Hashable {
    public var workspaceId: String
    public var traceId: String
    /// The configured name of the calling process ("gateway", "velesctl", "customer-sync").
    public var caller: String
    /// 1 for the first try; retries count up.
    public var attempt: Int

    public init(workspaceId: String = "", traceId: String = "", caller: String = "", attempt: Int = 1) {
        self.workspaceId = workspaceId
        self.traceId = traceId
        self.caller = caller
        self.attempt = attempt
    }
}
