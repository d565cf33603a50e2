import Foundation

/// The supervisor's state file (`<data-dir>/veles-state.json`) as a test reads it.
struct RecordedState: Decodable, Sendable {
    let supervisorPID: Int32
    let status: String
    let processes: [Process]

    /// One copy of a process as the supervisor recorded it.
    struct Process: Decodable, Sendable {
        let name: String
        let pid: Int32?
        let state: String
        let restarts: Int
        let log: String
    }

    enum CodingKeys: String, CodingKey {
        case supervisorPID = "supervisor_pid", status, processes
    }

    func process(_ name: String) -> Process? { processes.first { $0.name == name } }

    static func read(from url: URL) -> RecordedState? {
        guard let data = try? Data(contentsOf: url) else { return nil }
        return try? JSONDecoder().decode(RecordedState.self, from: data)
    }
}
