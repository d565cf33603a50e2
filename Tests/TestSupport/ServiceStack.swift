import Foundation

/// The real system for an integration test: stripe-sim, the broker and any services, each a child process with this
/// test's own ports, ipc endpoints and data folder. Everything stops when the stack is released.
public final class ServiceStack: @unchecked Sendable {
    // @unchecked: `children` is guarded by `lock`; everything else is set in init.
    public let directory: TemporaryDirectory
    public let brokerFrontend: String
    public let brokerBackend: String
    public let stripePort: Int
    private let lock = NSLock()
    private var children: [ChildProcess] = []

    /// The test-mode key every stack's stripe-sim accepts for its one account.
    public static let testKey = "sk_test_stack_4242424242"
    public static let liveKey = "sk_live_stack_4242424242"
    public static let accountId = "acct_1StackTest0000"
    public static let accountName = "Stack Test Co"

    public init() throws {
        directory = try TemporaryDirectory(prefix: "veles-stack")
        // ipc paths must stay short (108 bytes), so they live under /tmp directly.
        let tag = UUID().uuidString.prefix(8).lowercased()
        brokerFrontend = "ipc:///tmp/veles-\(tag)-front"
        brokerBackend = "ipc:///tmp/veles-\(tag)-back"
        stripePort = try Network.freePort()
    }

    deinit {
        stopAll()
    }

    public var stripeURL: String { "http://127.0.0.1:\(stripePort)" }
    public var dataDirectory: String { directory.appending("data").path }

    /// Starts stripe-sim with the stack's account and keys; `arguments` adds flags (a dataset, rate limits).
    @discardableResult
    public func startStripeSim(_ arguments: [String] = []) async throws -> ChildProcess {
        let child = try launch("stripe-sim", [
            "--port", String(stripePort), "--account-id", Self.accountId, "--account-name", Self.accountName,
            "--api-keys", "\(Self.testKey),\(Self.liveKey),rk_test_stack_restricted",
        ] + arguments)
        try await child.waitForLog("listening on http://")
        return child
    }

    @discardableResult
    public func startBroker(_ arguments: [String] = []) async throws -> ChildProcess {
        let child = try launch("broker", busArguments + ["--data-dir", dataDirectory] + arguments)
        try await child.waitForLog("broker listening", timeout: .seconds(20))
        return child
    }

    /// Starts a bus service (connection, customer-sync, catalog-sync, gateway) with the stack's bus, data folder and
    /// Stripe URL; returns once it has registered with the broker (its "ready" log line).
    @discardableResult
    public func startService(_ product: String, _ arguments: [String] = [], environment: [String: String] = [:],
                             readyLine: String = "registering with the broker") async throws -> ChildProcess {
        let child = try launch(product, busArguments + [
            "--data-dir", dataDirectory, "--stripe-api-url", stripeURL,
        ] + arguments, environment: environment)
        try await child.waitForLog(readyLine, timeout: .seconds(30))
        return child
    }

    /// Launches any product with the given arguments, tracked for stopping.
    public func launch(_ product: String, _ arguments: [String], environment: [String: String] = [:]) throws -> ChildProcess {
        let child = try ChildProcess(product, arguments: arguments, environment: environment,
                                     logDirectory: directory.url)
        lock.withLock { children.append(child) }
        return child
    }

    public var busArguments: [String] {
        ["--broker-frontend", brokerFrontend, "--broker-backend", brokerBackend]
    }

    /// Stops every child, the last started first.
    public func stopAll() {
        let running = lock.withLock { () -> [ChildProcess] in
            let list = children
            children.removeAll()
            return list
        }
        for child in running.reversed() { child.stop() }
        for endpoint in [brokerFrontend, brokerBackend] where endpoint.hasPrefix("ipc://") {
            try? FileManager.default.removeItem(atPath: String(endpoint.dropFirst("ipc://".count)))
        }
    }

    /// The logs of every child, for a failing test's message.
    public var logs: String {
        lock.withLock { children }.map { "=== \($0.name)\n\($0.log.suffix(4000))" }.joined(separator: "\n")
    }
}
