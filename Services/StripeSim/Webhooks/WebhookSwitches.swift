/// How the webhook dispatcher behaves; tests flip these through `POST /_sim/webhooks`.
struct WebhookSwitches: Sendable, Equatable {
    /// Hold every delivery until unpaused.
    var paused = false
    /// Send every delivery twice.
    var duplicates = false
    /// Collect deliveries for `holdMilliseconds` and send each batch newest first.
    var outOfOrder = false
    var holdMilliseconds = 300
    /// Multiplies the retry delays (60 s, 5 min, 30 min, 2 h, …); 0.001 turns a minute into 60 ms.
    var retryScale = 1.0
    /// Attempts per delivery, the first included.
    var maxAttempts = 4
    var timeoutSeconds = 10.0

    static let retryDelaysSeconds: [Double] = [60, 300, 1800, 7200, 18000, 36000]

    func retryDelay(afterAttempt attempt: Int) -> Double {
        let delays = WebhookSwitches.retryDelaysSeconds
        return delays[min(max(attempt - 1, 0), delays.count - 1)] * retryScale
    }

    func render() -> [UInt8] {
        var writer = JSONWriter()
        writer.beginObject()
        writer.key("paused"); writer.bool(paused)
        writer.key("duplicates"); writer.bool(duplicates)
        writer.key("out_of_order"); writer.bool(outOfOrder)
        writer.key("hold_ms"); writer.int(holdMilliseconds)
        writer.key("retry_scale"); writer.double(retryScale)
        writer.key("max_attempts"); writer.int(maxAttempts)
        writer.key("timeout_s"); writer.double(timeoutSeconds)
        writer.endObject()
        return writer.bytes
    }

    func updated(with json: JSONValue) throws(ControlError) -> WebhookSwitches {
        guard let members = json.objectMembers else { throw ControlError("the body must be a JSON object") }
        var next = self
        for (name, value) in members {
            func flag() throws(ControlError) -> Bool {
                guard let flag = value.boolValue else { throw ControlError("\(name) must be true or false") }
                return flag
            }
            func number() throws(ControlError) -> Double {
                guard let number = value.doubleValue, number >= 0 else { throw ControlError("\(name) must be a number >= 0") }
                return number
            }
            switch name {
            case "paused": next.paused = try flag()
            case "duplicates": next.duplicates = try flag()
            case "out_of_order": next.outOfOrder = try flag()
            case "hold_ms": next.holdMilliseconds = Int(try number())
            case "retry_scale": next.retryScale = try number()
            case "max_attempts":
                let attempts = Int(try number())
                guard attempts >= 1 else { throw ControlError("max_attempts must be at least 1") }
                next.maxAttempts = attempts
            case "timeout_s": next.timeoutSeconds = max(0.1, try number())
            default: throw ControlError("unknown webhook setting \(name)")
            }
        }
        return next
    }
}
