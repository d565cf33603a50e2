/// Why the supervisor stopped the system.
enum SupervisorOutcome: Sendable, Equatable {
    /// SIGTERM or SIGINT (Ctrl-C): a normal stop.
    case signalled(Int32)
    /// A process crashed too often in a row to keep trying.
    case gaveUp(process: String, crashes: Int)
    /// A process never became ready.
    case failedToStart(process: String, reason: String)

    /// The exit status of `veles up`: 0 for a requested stop, 1 when the system could not be kept running.
    var exitStatus: Int32 {
        if case .signalled = self { return 0 }
        return 1
    }
}
