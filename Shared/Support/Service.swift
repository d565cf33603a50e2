/// A long-running part of a process (a bus worker loop, an HTTP server, a scheduler).
///
/// `run()` returns when the work is done or when its task is cancelled, which is how `ServiceGroup` asks it to stop:
/// a service finishes what it holds, takes nothing new, releases its resources and returns.
public protocol Service: Sendable {
    /// The name used in logs.
    var name: String { get }
    func run() async throws
}
