/// When a crashed process is started again, and when the supervisor stops trying.
///
/// A crash soon after a start is "fast"; each fast crash in a row doubles the wait (from `initialDelay` up to
/// `maximumDelay`), and `fastCrashLimit` of them in a row means the process cannot run here, so the supervisor gives
/// up rather than spin. A process that ran for `stableAfter` starts counting again from one.
struct RestartPolicy: Sendable, Equatable {
    var initialDelay: Duration = .milliseconds(500)
    var maximumDelay: Duration = .seconds(30)
    var stableAfter: Duration = .seconds(10)
    var fastCrashLimit: Int = 5

    /// The fast-crash count after a crash, given the count before it and how long the process ran.
    func fastCrashes(previous: Int, uptime: Duration) -> Int {
        uptime >= stableAfter ? 1 : previous + 1
    }

    /// True when this many fast crashes in a row means giving up.
    func givesUp(afterFastCrashes count: Int) -> Bool {
        count >= fastCrashLimit
    }

    /// The wait before the next start after `count` fast crashes in a row (1 is the first crash).
    func delay(afterFastCrashes count: Int) -> Duration {
        var delay = initialDelay
        for _ in 1..<max(count, 1) {
            delay *= 2
            if delay >= maximumDelay { return maximumDelay }
        }
        return min(delay, maximumDelay)
    }
}
