/// One program of the system as the supervisor runs it: the command line, how many copies, and how to tell it is up.
struct ProcessSpec: Sendable, Codable, Equatable {
    /// The process name used in logs, log files and compose.yaml (`customer-sync`).
    let name: String
    /// The product name of the executable, looked up in the supervisor's binary folder.
    let executable: String
    let arguments: [String]
    /// How many worker processes run this same command at once.
    let replicas: Int
    let readiness: Readiness

    /// The name of one copy: the process name alone when there is one copy, `name-N` (from 1) when there are several.
    func instanceName(_ index: Int) -> String {
        replicas > 1 ? "\(name)-\(index + 1)" : name
    }
}
