import Foundation

/// Runs blocking socket loops on threads of their own, so they never occupy Swift's cooperative pool.
enum DedicatedThread {
    /// Starts `body` on a new thread and returns (or throws) when it ends; `onCancel` asks it to end.
    static func run(name: String, onCancel: @escaping @Sendable () -> Void, _ body: @escaping @Sendable () throws -> Void) async throws {
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                start(name: name) {
                    do {
                        try body()
                        continuation.resume()
                    } catch {
                        continuation.resume(throwing: error)
                    }
                }
            }
        } onCancel: {
            onCancel()
        }
    }

    /// Starts `body` on a new thread without waiting for it.
    static func start(name: String, _ body: @escaping @Sendable () -> Void) {
        let thread = Thread(block: body)
        thread.name = name
        thread.start()
    }
}
