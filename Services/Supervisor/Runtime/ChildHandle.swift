import Foundation

/// One started copy of a process: its OS process, when it started, and where its log begins for this start.
///
/// Foundation starts every child in a process group of its own, so Ctrl-C at the terminal reaches only the
/// supervisor (which then stops the children in order) and a signal sent to the group also reaches anything the
/// child started itself.
final class ChildHandle: @unchecked Sendable {
    // @unchecked: every stored property is set in init and never changes; Foundation's Process is safe to query
    // and signal from any thread once it runs.
    let instanceName: String
    let process: Process
    let startedAt: ContinuousClock.Instant
    /// The log file's size before this start, so a readiness check looks only at what this start wrote.
    let logOffset: UInt64

    var pid: Int32 { process.processIdentifier }
    var isRunning: Bool { process.isRunning }

    /// Starts `executable` with `arguments`, appending its stdout and stderr to `logURL`; `onExit` runs once it ends.
    init(instanceName: String, executable: URL, arguments: [String], logURL: URL, environment: [String: String],
         onExit: @escaping @Sendable (Process) -> Void) throws {
        self.instanceName = instanceName
        if !FileManager.default.fileExists(atPath: logURL.path) {
            _ = FileManager.default.createFile(atPath: logURL.path, contents: nil)
        }
        let log = try FileHandle(forWritingTo: logURL)
        defer { try? log.close() }
        logOffset = try log.seekToEnd()
        let banner = "---- veles: starting \(instanceName) at \(Date().formatted(.iso8601)): \(executable.path) \(arguments.joined(separator: " "))\n"
        log.write(Data(banner.utf8))

        process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.environment = environment
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = log
        process.standardError = log
        process.terminationHandler = onExit
        try process.run()
        startedAt = .now
    }

    /// Sends `signal` to the child's whole process group (and to the child itself, should it have left the group).
    func send(_ signal: Int32) {
        let pid = process.processIdentifier
        guard pid > 0 else { return }
        kill(-pid, signal)
        kill(pid, signal)
    }

    /// True while the child or anything left in its process group is alive.
    var groupAlive: Bool {
        let pid = process.processIdentifier
        return process.isRunning || (pid > 0 && kill(-pid, 0) == 0)
    }

    /// SIGTERM, up to `grace` for the child and its group to exit, then SIGKILL; returns once nothing of it is left.
    func stop(grace: Duration) async -> StopResult {
        guard groupAlive else { return .alreadyExited }
        send(SIGTERM)
        let deadline = ContinuousClock.now + grace
        while groupAlive, ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(20))
        }
        guard groupAlive else { return .exited }
        send(SIGKILL)
        while groupAlive {
            try? await Task.sleep(for: .milliseconds(10))
        }
        return .killed
    }

    /// How a stop ended.
    enum StopResult: Sendable {
        case alreadyExited, exited, killed
    }
}
