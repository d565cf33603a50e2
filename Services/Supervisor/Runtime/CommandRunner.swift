import Foundation

/// Runs a short command to completion and collects what it printed (for `velesctl` calls).
///
/// Output goes to temporary files rather than pipes, so nothing blocks reading while the command runs.
enum CommandRunner {
    /// What a finished command printed and how it exited.
    struct Output: Sendable {
        let status: Int32
        let standardOutput: String
        let standardError: String
    }

    /// Runs `executable`; nil when it cannot start or outlives `timeout` (it is killed then).
    static func run(_ executable: URL, arguments: [String], environment: [String: String]? = nil,
                    timeout: Duration) async -> Output? {
        let folder = FileManager.default.temporaryDirectory
        let stamp = UUID().uuidString
        let outURL = folder.appendingPathComponent("veles-cmd-\(stamp).out")
        let errURL = folder.appendingPathComponent("veles-cmd-\(stamp).err")
        defer {
            try? FileManager.default.removeItem(at: outURL)
            try? FileManager.default.removeItem(at: errURL)
        }
        guard FileManager.default.createFile(atPath: outURL.path, contents: nil),
              FileManager.default.createFile(atPath: errURL.path, contents: nil),
              let out = try? FileHandle(forWritingTo: outURL), let err = try? FileHandle(forWritingTo: errURL) else { return nil }
        defer { try? out.close(); try? err.close() }

        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if let environment { process.environment = environment }
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = out
        process.standardError = err
        let finished = AsyncStream<Void>.makeStream()
        process.terminationHandler = { _ in finished.continuation.finish() }
        guard (try? process.run()) != nil else { return nil }
        let timer = Task { () -> Bool in
            do { try await Task.sleep(for: timeout) } catch { return false }
            process.terminate()
            return true
        }
        for await _ in finished.stream {}
        timer.cancel()
        if await timer.value { return nil }
        return Output(status: process.terminationStatus,
                      standardOutput: (try? String(contentsOf: outURL, encoding: .utf8)) ?? "",
                      standardError: (try? String(contentsOf: errURL, encoding: .utf8)) ?? "")
    }
}
