import Support

/// Caps how many lines a flood of bad input can write: at most `limit` per second, then one summary line.
struct LogThrottle {
    let limit: Int
    private var windowStart = ContinuousClock.now
    private var written = 0
    private var suppressed = 0

    init(limit: Int = 20) { self.limit = limit }

    mutating func warning(_ logger: Logger, _ message: String, _ fields: [String: String]) {
        let now = ContinuousClock.now
        if now - windowStart >= .seconds(1) {
            if suppressed > 0 {
                logger.warning("suppressed similar warnings", ["count": String(suppressed)])
            }
            windowStart = now
            written = 0
            suppressed = 0
        }
        guard written < limit else {
            suppressed += 1
            return
        }
        written += 1
        logger.warning(message, fields)
    }
}
