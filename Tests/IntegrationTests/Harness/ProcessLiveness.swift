import Foundation

/// Whether a pid still runs, seen from outside (a zombie waiting for its parent counts as gone).
enum ProcessLiveness {
    static func isAlive(_ pid: Int32) -> Bool {
        guard pid > 0, kill(pid, 0) == 0 else { return false }
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return false }
        return !status.contains("State:\tZ")
    }

    /// Waits until none of `pids` runs; returns those still alive when time ran out.
    static func waitUntilGone(_ pids: [Int32], timeout: Duration) async -> [Int32] {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if !pids.contains(where: isAlive) { return [] }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return pids.filter(isAlive)
    }
}
