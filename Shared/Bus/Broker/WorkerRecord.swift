/// The broker's view of one connected worker process.
struct WorkerRecord {
    let peer: [UInt8]
    let services: [String]
    let capacity: Int
    var inFlight: Set<UInt64> = []
    var lastSeen: ContinuousClock.Instant
    /// Draining workers finish what they hold and get nothing new.
    var draining = false
    /// Dispatch counter value when it last got a request; the smallest among free workers goes next (LRU).
    var lastDispatch: UInt64 = 0

    var freeSlots: Int { draining ? 0 : max(0, capacity - inFlight.count) }
}
