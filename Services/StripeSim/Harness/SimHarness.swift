import Support

/// The parts of a running stripe-sim that the control endpoints and the request pipeline share.
struct SimHarness: Sendable {
    let store: SimStore
    let limiter: RateLimiter
    let faults: FaultInjector
    let counter: RequestCounter
    let dispatcher: WebhookDispatcher
    let configuration: SimConfiguration
    /// The `--dataset` document, reloaded by `/_sim/reset`.
    let dataset: [UInt8]?
    let logger: Logger

    var pipeline: RequestPipeline {
        RequestPipeline(store: store, limiter: limiter, faults: faults, counter: counter, dispatcher: dispatcher, logger: logger)
    }
}
