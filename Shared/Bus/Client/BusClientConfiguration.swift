/// How a `BusClient` reaches the broker and what it sends by default.
public struct BusClientConfiguration: Sendable {
    /// The broker's frontend endpoint.
    public var broker: String
    /// This process's identity in every request's metadata; internal methods refuse the gateway's.
    public var caller: String
    /// The deadline of a call that gives no timeout and is not made from inside a handler.
    public var defaultTimeout: Duration
    public var retry: RetryPolicy
    public var heartbeatInterval: Duration
    public var liveness: Int

    public init(broker: String, caller: String, defaultTimeout: Duration = .seconds(10), retry: RetryPolicy = RetryPolicy(),
                heartbeatInterval: Duration = .seconds(1), liveness: Int = 3) {
        self.broker = broker
        self.caller = caller
        self.defaultTimeout = defaultTimeout
        self.retry = retry
        self.heartbeatInterval = heartbeatInterval
        self.liveness = liveness
    }
}
