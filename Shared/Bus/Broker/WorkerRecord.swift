/// The broker's view of one connected worker process.
///
/// A class, shared by the worker table, its services' lists and the in-flight table, so routing a request or a
/// reply changes it in place instead of copying it out of a dictionary and back.
final class WorkerRecord {
    let peer: [UInt8]
    let services: [String]
    let capacity: Int
    var inFlight: Set<UInt64> = []
    var lastSeen: ContinuousClock.Instant
    /// Draining workers finish what they hold and get nothing new.
    var draining = false
    /// Dispatch counter value when it last got a request; the smallest among free workers goes next (LRU).
    var lastDispatch: UInt64 = 0

    init(peer: [UInt8], services: [String], capacity: Int, lastSeen: ContinuousClock.Instant) {
        self.peer = peer
        self.services = services
        self.capacity = capacity
        self.lastSeen = lastSeen
    }

    var freeSlots: Int { draining ? 0 : max(0, capacity - inFlight.count) }
}
