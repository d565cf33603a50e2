/// Everything the process table depends on; `ProcessPlan` turns it into command lines.
struct PlanSettings: Sendable, Equatable {
    var layout: Layout = .local
    /// The folder every store, key file and journal goes in (absolute in the plan).
    var dataDirectory: String
    /// The broker endpoints the other processes connect to.
    var brokerFrontend: String
    var brokerBackend: String
    /// The endpoints the broker binds (the connect endpoints unless containers need a wildcard).
    var brokerBindFrontend: String
    var brokerBindBackend: String
    /// The interface the HTTP processes listen on.
    var listenHost: String
    /// The host other processes and the probes use to reach the HTTP processes.
    var gatewayHost: String
    var gatewayPort: Int
    var stripeSimHost: String
    var stripeSimPort: Int
    /// The Stripe API the services call; nil means "run stripe-sim and call it".
    var stripeAPIURL: String?
    /// The gateway's public base URL, which the connection service registers with Stripe for webhooks (nil: no
    /// webhooks, changes are polled from /v1/events).
    var webhookPublicURL: String?
    /// The dataset stripe-sim loads (only with stripe-sim).
    var dataset: String?
    var customerSyncWorkers: Int = 2
    var catalogSyncWorkers: Int = 2
    var logLevel: String = "info"
    /// Only these processes, by name, when set (for running part of the system).
    var only: Set<String>?

    /// True when stripe-sim is part of the system.
    var runsStripeSim: Bool { stripeAPIURL == nil }

    /// The Stripe base URL the services are given.
    var effectiveStripeAPIURL: String {
        stripeAPIURL ?? "http://\(stripeSimHost):\(stripeSimPort)"
    }

    /// The gateway's base URL as the demo bootstrap and a person on this machine reach it.
    var gatewayURL: String { "http://\(gatewayHost):\(gatewayPort)" }
}
