import Foundation
import Support

/// Stops processes that an earlier `veles up` started and could not stop because it was killed outright.
///
/// Only called while holding the data folder's lock, so the earlier supervisor is known to be gone. A pid from the
/// old state file counts only if it still runs one of our executables, so a recycled pid is never touched.
enum LeftoverProcesses {
    static func stop(recordedIn stateFile: URL, grace: Duration, logger: Logger) async {
        guard let state = SupervisorState.read(from: stateFile) else { return }
        let folder = URL(fileURLWithPath: state.binaryDirectory).standardizedFileURL.path
        for entry in state.processes {
            guard let pid = entry.pid, pid > 0, let executable = executablePath(of: pid),
                  URL(fileURLWithPath: executable).deletingLastPathComponent().standardizedFileURL.path == folder else { continue }
            logger.warning("stopping a process left by an earlier run", ["process": entry.name, "pid": String(pid)])
            kill(-pid, SIGTERM)
            kill(pid, SIGTERM)
            let deadline = ContinuousClock.now + grace
            while kill(pid, 0) == 0, ContinuousClock.now < deadline {
                try? await Task.sleep(for: .milliseconds(20))
            }
            if kill(pid, 0) == 0 {
                kill(-pid, SIGKILL)
                kill(pid, SIGKILL)
            }
        }
    }

    private static func executablePath(of pid: Int32) -> String? {
        try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(pid)/exe")
    }
}
