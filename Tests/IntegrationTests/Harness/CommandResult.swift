import Foundation
import TestSupport

/// A short command run to completion, its standard output and error kept apart (for `veles up --print-plan`).
struct CommandResult: Sendable {
    let status: Int32
    let standardOutput: String
    let standardError: String

    /// Runs a built product (or a path) with `arguments`; fails the test if it outlives `timeout`.
    static func run(_ executable: String, _ arguments: [String], environment: [String: String] = [:],
                    timeout: Duration = .seconds(30)) async throws -> CommandResult {
        let folder = try TemporaryDirectory(prefix: "veles-cmd")
        let outURL = folder.appending("out"), errURL = folder.appending("err")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let out = try FileHandle(forWritingTo: outURL), err = try FileHandle(forWritingTo: errURL)
        defer { try? out.close(); try? err.close() }
        let process = Process()
        process.executableURL = executable.contains("/") ? URL(fileURLWithPath: executable) : TestPaths.executable(executable)
        process.arguments = arguments
        var merged = ProcessInfo.processInfo.environment
        for (key, value) in environment { merged[key] = value }
        process.environment = merged
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let deadline = ContinuousClock.now + timeout
        while process.isRunning, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(10)) }
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
            throw HarnessError("\(executable) \(arguments) did not finish within \(timeout)")
        }
        return CommandResult(status: process.terminationStatus,
                             standardOutput: try String(contentsOf: outURL, encoding: .utf8),
                             standardError: try String(contentsOf: errURL, encoding: .utf8))
    }
}
