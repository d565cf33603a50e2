import Foundation

/// Where tests find the repository, the shared reference folder beside it, and the built executables.
public enum TestPaths {
    /// The repository root (this file is `Tests/TestSupport/TestPaths.swift`).
    public static let repositoryRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `../shared` beside the checkout: Stripe's fixtures and the product reference live there.
    public static let sharedDirectory: URL = repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared")

    /// The folder holding the test runner, which is the build folder where every product of the package lands.
    public static let buildDirectory: URL = {
        let runner = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        var folder = URL(fileURLWithPath: runner).deletingLastPathComponent()
        // Swift Testing may run from inside the .xctest bundle on some platforms.
        if folder.lastPathComponent.hasSuffix(".xctest") || folder.path.contains(".xctest/") {
            while folder.lastPathComponent.hasSuffix(".xctest") == false, folder.path != "/" { folder.deleteLastPathComponent() }
            folder.deleteLastPathComponent()
        }
        return folder
    }()

    /// The path of a built executable product, e.g. `executable("stripe-sim")`.
    public static func executable(_ name: String) -> URL {
        buildDirectory.appendingPathComponent(name)
    }

    /// The Python interpreter of the project's virtual environment (`make setup` creates it).
    public static let python: URL = repositoryRoot.appendingPathComponent(".venv/bin/python")

    /// True when running under CI, where a missing reference file is a failure rather than a skip.
    public static var isCI: Bool { ProcessInfo.processInfo.environment["CI"] == "true" }
}
