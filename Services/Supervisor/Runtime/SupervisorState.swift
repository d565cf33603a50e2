import Foundation

/// What `veles up` writes to `<data-dir>/veles-state.json` on every change: its own pid and each child's.
///
/// `veles status` prints it, tests read child pids from it, and the next `veles up` uses it to find processes a
/// supervisor that was killed outright left behind.
struct SupervisorState: Sendable, Codable, Equatable {
    var supervisorPID: Int32
    var status: String
    var binaryDirectory: String
    var processes: [Entry]

    /// One copy of a process.
    struct Entry: Sendable, Codable, Equatable {
        var name: String
        var pid: Int32?
        var state: Instance.State
        var restarts: Int
        var log: String
    }

    enum CodingKeys: String, CodingKey {
        case supervisorPID = "supervisor_pid", status, binaryDirectory = "binary_directory", processes
    }

    static func read(from url: URL) -> SupervisorState? {
        guard let data = try? Data(contentsOf: url) else { return nil }
        return try? JSONDecoder().decode(SupervisorState.self, from: data)
    }

    func write(to url: URL) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(self).write(to: url, options: .atomic)
    }
}
