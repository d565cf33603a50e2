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
        let thread = Thread {
            nameKernelThread(name)
            body()
        }
        thread.name = name
        thread.start()
    }

    /// Foundation keeps a thread's name to itself on Linux, and Glibc's module leaves out `pthread_setname_np`;
    /// the kernel's copy (at most 15 bytes) is the one `top -H`, `ps -L` and `perf` show.
    private static func nameKernelThread(_ name: String) {
        let descriptor = open("/proc/thread-self/comm", O_WRONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        let bytes = Array(name.utf8.prefix(15))
        _ = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        close(descriptor)
    }
}
