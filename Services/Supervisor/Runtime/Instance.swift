import Foundation

/// The supervisor's record of one copy of a process across its restarts.
struct Instance: Sendable {
    let spec: ProcessSpec
    /// Which copy of its process this is (0-based).
    let copy: Int
    let name: String
    let logURL: URL
    var child: ChildHandle?
    /// Bumped on every start, so an exit or a scheduled restart meant for an earlier start is recognised as stale.
    var generation = 0
    var fastCrashes = 0
    var restarts = 0
    var state: State = .waiting

    /// Where a copy is in its life.
    enum State: String, Sendable, Codable {
        case waiting, starting, ready, backingOff = "backing_off", stopping, stopped, failed
    }
}
