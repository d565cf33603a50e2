import Glibc

/// Keeps the broker's thread awake for a moment after its last message while traffic is light.
///
/// Every message to or from the broker would otherwise wake a sleeping thread, which on a virtual machine costs
/// about as much as the routing itself, twice per call. Under light traffic the next message of a call usually
/// comes within a hundred microseconds, so the loop looks at its descriptors (yielding the CPU to anything
/// runnable between looks) for up to `window` before it sleeps. Under heavy traffic the loop rarely idles and a
/// spinning thread would take CPU from the processes it waits for, so it spins only while the last millisecond
/// saw at most `quietMessagesPerMillisecond` messages. A window of zero turns it off.
struct IdleSpin {
    static let quietMessagesPerMillisecond = 30

    let window: Duration
    private var messages = 0
    private var windowStart: ContinuousClock.Instant
    /// Whether the last whole millisecond counted as light traffic.
    private(set) var quiet = true
    /// A message was read since the last spin: a loop woken only by its timers goes back to sleep at once.
    private var readSinceSpin = false

    init(window: Duration, now: ContinuousClock.Instant = .now) {
        self.window = window
        windowStart = now
    }

    /// Counts one message read.
    mutating func countMessage() {
        messages += 1
        readSinceSpin = true
    }

    /// Judges the traffic once a millisecond has passed since the last judgement, and starts counting again.
    mutating func update(now: ContinuousClock.Instant) {
        guard now - windowStart >= .milliseconds(1) else { return }
        quiet = messages <= Self.quietMessagesPerMillisecond
        messages = 0
        windowStart = now
    }

    /// Looks at `poller` until something is readable or the window passes; true when something is.
    mutating func spin(_ poller: inout DescriptorPoller) -> Bool {
        guard quiet, window > .zero, readSinceSpin else { return false }
        readSinceSpin = false
        let until = ContinuousClock.now + window
        repeat {
            sched_yield()
            poller.poll(timeoutMilliseconds: 0)
            if poller.isAnyReadable { return true }
        } while ContinuousClock.now < until
        return false
    }
}
