import Foundation

/// Where the running `veles` binary is, so the other products of the same build are found beside it.
enum ExecutableLocation {
    static var ownDirectory: String {
        let path = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        return URL(fileURLWithPath: path).deletingLastPathComponent().standardizedFileURL.path
    }
}
