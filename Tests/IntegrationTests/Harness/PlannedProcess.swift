import Foundation

/// One entry of `veles up --print-plan`.
struct PlannedProcess: Decodable, Sendable, Equatable {
    let name: String
    let executable: String
    let arguments: [String]
    let replicas: Int
    let readiness: Readiness?

    /// How the supervisor waits for the process; `service` is set for a bus service's health check.
    struct Readiness: Decodable, Sendable, Equatable {
        let kind: String
        let service: String?
    }

    /// The command line as compose.yaml writes it: the executable, then its arguments.
    var command: [String] { [executable] + arguments }

    /// The value following `flag` in the arguments.
    func value(of flag: String) -> String? {
        guard let index = arguments.firstIndex(of: flag), index + 1 < arguments.count else { return nil }
        return arguments[index + 1]
    }

    /// Runs `veles up --print-plan` with `arguments` and decodes the table.
    static func plan(_ arguments: [String], environment: [String: String] = [:]) async throws -> [PlannedProcess] {
        let result = try await CommandResult.run("veles", ["up", "--print-plan"] + arguments, environment: environment)
        guard result.status == 0 else { throw HarnessError("veles up --print-plan \(arguments) failed (\(result.status)): \(result.standardError)") }
        struct Table: Decodable { let processes: [PlannedProcess] }
        return try JSONDecoder().decode(Table.self, from: Data(result.standardOutput.utf8)).processes
    }
}
