import Foundation

/// A real process started by a test: its output goes to a log file, and it is stopped (SIGTERM, then SIGKILL)
/// when the test calls `stop()` or releases it, so a failing test leaves nothing running.
public final class ChildProcess: @unchecked Sendable {
    // @unchecked: `process` is configured before launch and only read afterwards; Foundation's Process is thread-safe
    // for terminate/isRunning/processIdentifier.
    public let name: String
    public let logURL: URL
    private let process: Process

    /// Starts `executable` (a path, or a product name looked up in the build folder) with `arguments` and `environment`
    /// added to the test's own environment.
    public init(
        _ executable: String,
        arguments: [String] = [],
        environment: [String: String] = [:],
        logDirectory: URL? = nil,
        workingDirectory: URL? = nil
    ) throws {
        let path = executable.contains("/") ? executable : TestPaths.executable(executable).path
        guard FileManager.default.isExecutableFile(atPath: path) else {
            throw TestSupportError("no executable at \(path); build the package first (swift build --build-tests)")
        }
        name = URL(fileURLWithPath: path).lastPathComponent
        let folder = logDirectory ?? FileManager.default.temporaryDirectory
        logURL = folder.appendingPathComponent("\(name)-\(UUID().uuidString.prefix(6)).log")
        _ = FileManager.default.createFile(atPath: logURL.path, contents: nil)
        let log = try FileHandle(forWritingTo: logURL)

        process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        var merged = ProcessInfo.processInfo.environment
        for (key, value) in environment { merged[key] = value }
        process.environment = merged
        if let workingDirectory { process.currentDirectoryURL = workingDirectory }
        process.standardOutput = log
        process.standardError = log
        process.standardInput = FileHandle.nullDevice
        try process.run()
    }

    deinit {
        stop()
    }

    public var pid: Int32 { process.processIdentifier }
    public var isRunning: Bool { process.isRunning }

    /// Everything the process has written so far.
    public var log: String {
        (try? String(contentsOf: logURL, encoding: .utf8)) ?? ""
    }

    /// Waits until the log contains `text`; throws with the log's tail if the process exits or time runs out first.
    public func waitForLog(_ text: String, timeout: Duration = .seconds(20)) async throws {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if log.contains(text) { return }
            guard process.isRunning else { throw failure("exited before logging '\(text)'") }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw failure("did not log '\(text)' within \(timeout)")
    }

    /// Waits until 127.0.0.1:`port` accepts connections.
    public func waitForPort(_ port: Int, timeout: Duration = .seconds(20)) async throws {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if Network.isAccepting(port: port) { return }
            guard process.isRunning else { throw failure("exited before listening on \(port)") }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw failure("was not listening on \(port) within \(timeout)")
    }

    /// Sends SIGTERM and waits up to `grace` for a clean exit, then SIGKILL. Returns the exit status.
    @discardableResult
    public func stop(grace: Duration = .seconds(5)) -> Int32 {
        guard process.isRunning else { return process.terminationStatus }
        kill(process.processIdentifier, SIGTERM)
        let deadline = ContinuousClock.now + grace
        while process.isRunning, ContinuousClock.now < deadline { usleep(10_000) }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        return process.terminationStatus
    }

    /// Kills the process at once (`kill -9`), as a crash would.
    public func kill9() {
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    /// Sends a signal without waiting.
    public func signal(_ number: Int32) {
        kill(process.processIdentifier, number)
    }

    /// Waits for the process to exit on its own, up to `timeout`; returns its status or nil if still running.
    public func waitForExit(timeout: Duration) async -> Int32? {
        let deadline = ContinuousClock.now + timeout
        while process.isRunning, ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(20))
        }
        return process.isRunning ? nil : process.terminationStatus
    }

    private func failure(_ what: String) -> TestSupportError {
        let tail = log.split(separator: "\n", omittingEmptySubsequences: false).suffix(30).joined(separator: "\n")
        return TestSupportError("\(name) \(what); log \(logURL.path):\n\(tail)")
    }
}
