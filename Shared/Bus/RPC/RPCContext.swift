import ProtoRuntime

/// What a handler knows about the request it serves: the method, the request id, the deadline and the metadata.
///
/// While a handler runs, `RPCContext.current` holds its context, so a `BusClient` call made from inside the handler
/// inherits the remaining deadline, the workspace and the trace id without passing them by hand.
public struct RPCContext: Sendable {
    public let method: MethodDescriptor
    public let requestId: String
    public let deadline: ContinuousClock.Instant
    public let metadata: RPCMetadata

    public init(method: MethodDescriptor, requestId: String, deadline: ContinuousClock.Instant, metadata: RPCMetadata) {
        self.method = method
        self.requestId = requestId
        self.deadline = deadline
        self.metadata = metadata
    }

    /// True once the deadline has passed or the handler's task was cancelled (the worker cancels it at the deadline).
    public var isCancelled: Bool {
        Task.isCancelled || ContinuousClock.now >= deadline
    }

    /// Time left before the deadline (zero once passed).
    public var remaining: Duration {
        max(.zero, deadline - ContinuousClock.now)
    }

    /// Throws `RPCError(.deadlineExceeded)` or `CancellationError` when the handler should stop; for long loops.
    public func checkCancellation() throws {
        if ContinuousClock.now >= deadline {
            throw RPCError(.deadlineExceeded, "deadline passed while handling \(method.path)")
        }
        try Task.checkCancellation()
    }

    /// The context of the handler running in the current task, if any.
    @TaskLocal public static var current: RPCContext?
}
