/// Reasons a run ends early on purpose rather than failing: it is recorded `stopped`, with the reason as its error.
public enum SyncStop: Error, Sendable, Equatable, CustomStringConvertible {
    /// The workspace's Stripe connection is not connected any more (or never was).
    case disconnected(String)
    /// Stripe refused the key (401); the connection service has been told.
    case keyInvalid(String)
    /// Another worker took the lease over (this one was too slow to renew it): it must not write further pages.
    case leaseLost
    /// This process is shutting down; the run is handed over to another worker.
    case shuttingDown

    /// What keeps the workspace from syncing, in words fit for either a stopped run or a refused request.
    public var reason: String {
        switch self {
        case .disconnected(let reason): "the Stripe connection is not active (\(reason))"
        case .keyInvalid(let reason): "Stripe rejected the API key (\(reason)); set a working key with Update API Key"
        case .leaseLost: "another worker took over this run"
        case .shuttingDown: "the worker shut down; another worker resumes the run"
        }
    }

    /// The error recorded on a run that ended this way.
    public var description: String { "stopped: \(reason)" }

    /// The answer to a sync request refused up front for this reason, before any run is recorded.
    public var refusal: String { "cannot sync: \(reason)" }
}
