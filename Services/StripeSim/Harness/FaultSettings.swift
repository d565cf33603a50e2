/// Faults the harness injects into `/v1` requests, set by flags or `POST /_sim/faults`.
struct FaultSettings: Sendable, Equatable {
    /// Percent of requests answered 500 `api_error` without being processed.
    var errorPercent = 0.0
    /// Percent of requests whose connection is closed without any reply, before processing.
    var dropPercent = 0.0
    /// Percent of requests processed (and stored) whose connection is then closed without the reply.
    var dropAfterPercent = 0.0
    /// Extra delay before every request is processed.
    var latencyMilliseconds = 0
    /// The next N requests are answered 500.
    var errorNext = 0
    /// The next N requests are dropped before processing.
    var dropNext = 0
    /// The next N requests are processed, then dropped.
    var dropAfterNext = 0
    /// The next N requests are answered 429 `rate_limit` with `Retry-After`.
    var rateLimitNext = 0
    var retryAfterSeconds = 1
    /// Only requests whose path starts with this are affected (nil: all of `/v1`).
    var pathPrefix: String?
    /// Only requests with this method are affected (nil: all).
    var method: String?
    /// Only requests to this account are affected (nil: all).
    var account: String?

    var isQuiet: Bool { self == FaultSettings(retryAfterSeconds: retryAfterSeconds) }

    func render() -> [UInt8] {
        var writer = JSONWriter()
        writer.beginObject()
        writer.key("error_percent"); writer.double(errorPercent)
        writer.key("drop_percent"); writer.double(dropPercent)
        writer.key("drop_after_percent"); writer.double(dropAfterPercent)
        writer.key("latency_ms"); writer.int(latencyMilliseconds)
        writer.key("error_next"); writer.int(errorNext)
        writer.key("drop_next"); writer.int(dropNext)
        writer.key("drop_after_next"); writer.int(dropAfterNext)
        writer.key("rate_limit_next"); writer.int(rateLimitNext)
        writer.key("retry_after_s"); writer.int(retryAfterSeconds)
        writer.key("path_prefix"); writer.string(pathPrefix)
        writer.key("method"); writer.string(method)
        writer.key("account"); writer.string(account)
        writer.endObject()
        return writer.bytes
    }

    /// Applies the members of a JSON control request over these settings; unknown members are refused.
    func updated(with json: JSONValue) throws(ControlError) -> FaultSettings {
        guard let members = json.objectMembers else { throw ControlError("the body must be a JSON object") }
        var next = self
        for (name, value) in members {
            func number() throws(ControlError) -> Double {
                guard let number = value.doubleValue, number >= 0 else { throw ControlError("\(name) must be a number >= 0") }
                return number
            }
            func percent() throws(ControlError) -> Double {
                let number = try number()
                guard number <= 100 else { throw ControlError("\(name) must be between 0 and 100") }
                return number
            }
            func count() throws(ControlError) -> Int {
                guard let number = value.intValue, number >= 0 else { throw ControlError("\(name) must be a whole number >= 0") }
                return number
            }
            func text() throws(ControlError) -> String? {
                if value.isNull { return nil }
                guard let text = value.stringValue else { throw ControlError("\(name) must be a string or null") }
                return text.isEmpty ? nil : text
            }
            switch name {
            case "error_percent": next.errorPercent = try percent()
            case "drop_percent": next.dropPercent = try percent()
            case "drop_after_percent": next.dropAfterPercent = try percent()
            case "latency_ms": next.latencyMilliseconds = try count()
            case "error_next": next.errorNext = try count()
            case "drop_next": next.dropNext = try count()
            case "drop_after_next": next.dropAfterNext = try count()
            case "rate_limit_next": next.rateLimitNext = try count()
            case "retry_after_s": next.retryAfterSeconds = try count()
            case "path_prefix": next.pathPrefix = try text()
            case "method": next.method = try text()?.uppercased()
            case "account": next.account = try text()
            default: throw ControlError("unknown fault setting \(name)")
            }
        }
        return next
    }
}
