import Synchronization

/// Decides, per request, which configured fault (if any) strikes it.
final class FaultInjector: Sendable {
    /// What happens to one request.
    enum Action: Sendable, Equatable {
        case none
        case serverError
        case drop
        case dropAfterProcessing
        case rateLimited(retryAfterSeconds: Int)
    }

    private let settings: Mutex<FaultSettings>

    init(_ initial: FaultSettings = FaultSettings()) {
        settings = Mutex(initial)
    }

    var current: FaultSettings { settings.withLock { $0 } }

    func replace(_ next: FaultSettings) {
        settings.withLock { $0 = next }
    }

    /// The delay to add and the fault to apply; counted faults are used up one per request.
    func decide(path: String, method: String, account: String) -> (latencyMilliseconds: Int, action: Action) {
        settings.withLock { settings in
            if let prefix = settings.pathPrefix, !path.hasPrefix(prefix) { return (0, .none) }
            if let wanted = settings.method, wanted != method { return (0, .none) }
            if let wanted = settings.account, wanted != account { return (0, .none) }
            let latency = settings.latencyMilliseconds
            if settings.rateLimitNext > 0 {
                settings.rateLimitNext -= 1
                return (latency, .rateLimited(retryAfterSeconds: settings.retryAfterSeconds))
            }
            if settings.errorNext > 0 {
                settings.errorNext -= 1
                return (latency, .serverError)
            }
            if settings.dropNext > 0 {
                settings.dropNext -= 1
                return (latency, .drop)
            }
            if settings.dropAfterNext > 0 {
                settings.dropAfterNext -= 1
                return (latency, .dropAfterProcessing)
            }
            if roll(settings.errorPercent) { return (latency, .serverError) }
            if roll(settings.dropPercent) { return (latency, .drop) }
            if roll(settings.dropAfterPercent) { return (latency, .dropAfterProcessing) }
            return (latency, .none)
        }
    }

    private func roll(_ percent: Double) -> Bool {
        percent > 0 && Double.random(in: 0..<100) < percent
    }
}
