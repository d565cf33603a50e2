import Foundation

/// Runs a Python script with the project's virtual environment and returns its exit status and output.
public enum PythonScript {
    /// The result of one script run.
    public struct Result: Sendable {
        public let status: Int32
        public let output: String
    }

    public static func run(_ script: URL, arguments: [String] = [], environment: [String: String] = [:],
                           timeout: Duration = .seconds(120)) async throws -> Result {
        guard FileManager.default.isExecutableFile(atPath: TestPaths.python.path) else {
            throw TestSupportError("no Python venv at \(TestPaths.python.path); run `make setup`")
        }
        let folder = FileManager.default.temporaryDirectory
        let child = try ChildProcess(TestPaths.python.path, arguments: [script.path] + arguments,
                                     environment: environment, logDirectory: folder)
        guard let status = await child.waitForExit(timeout: timeout) else {
            child.stop()
            throw TestSupportError("\(script.lastPathComponent) did not finish within \(timeout):\n\(child.log)")
        }
        let output = child.log
        try? FileManager.default.removeItem(at: child.logURL)
        return Result(status: status, output: output)
    }
}
