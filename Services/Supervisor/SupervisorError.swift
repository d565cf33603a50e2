/// What can stop `veles up` before or while it runs the system.
enum SupervisorError: Error, CustomStringConvertible {
    case missingExecutable(String)
    case alreadyRunning(pid: Int32, dataDirectory: String)
    case cannotLock(String)

    var description: String {
        switch self {
        case .missingExecutable(let path):
            "no executable at \(path); build first (`swift build -c release`) or point --bin-dir at the build folder"
        case .alreadyRunning(let pid, let folder):
            "another `veles up` (pid \(pid)) is running on \(folder); stop it with Ctrl-C or `kill \(pid)`, or use another --data-dir"
        case .cannotLock(let path):
            "cannot open the lock file \(path)"
        }
    }
}
