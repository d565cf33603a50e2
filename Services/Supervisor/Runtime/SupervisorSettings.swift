import Foundation

/// How the supervisor runs its children, independent of which children they are.
struct SupervisorSettings: Sendable {
    var binaryDirectory: URL
    var logDirectory: URL
    /// Where the supervisor records its own pid and its children's, for `veles status`, tests and leftover cleanup.
    var stateFile: URL
    var stopGrace: Duration = .seconds(5)
    var readinessTimeout: Duration = .seconds(60)
    var restartPolicy = RestartPolicy()
    /// The environment every child gets.
    var environment: [String: String] = ProcessInfo.processInfo.environment
    var pollInterval: Duration = .milliseconds(100)
}
