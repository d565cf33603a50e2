import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// An exclusive lock on `<data-dir>/veles.lock`, held for the life of `veles up`, so two supervisors never run
/// the same stores at once. The kernel drops it when the process ends, however it ends.
final class DataDirectoryLock: Sendable {
    private let descriptor: Int32

    /// Takes the lock or explains who holds it.
    init(dataDirectory: URL, stateFile: URL) throws {
        let path = dataDirectory.appendingPathComponent("veles.lock").path
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw SupervisorError.cannotLock(path) }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            close(fd)
            let holder = SupervisorState.read(from: stateFile)?.supervisorPID ?? 0
            throw SupervisorError.alreadyRunning(pid: holder, dataDirectory: dataDirectory.path)
        }
        descriptor = fd
    }

    deinit {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
