import Foundation
import Support

/// `veles status`: prints the state file of the `veles up` running on a data folder.
enum StatusCommand {
    static func run(arguments: [String], environment: [String: String]) -> Int32 {
        let options = Options(program: "veles status", summary: "Shows each process of a running `veles up`: pid, state, restarts, log.",
                              arguments: arguments, environment: environment)
        let dataDirectory = options.string("data-dir", env: "VELES_DATA_DIR", default: "./data", help: "the data folder of the running system")
        options.finish()
        let stateFile = URL(fileURLWithPath: dataDirectory).appendingPathComponent(UpCommand.stateFileName)
        guard let state = SupervisorState.read(from: stateFile) else {
            FileHandle.standardError.write(Data("veles status: nothing recorded at \(stateFile.path); is `veles up` running with --data-dir \(dataDirectory)?\n".utf8))
            return 1
        }
        let running = kill(state.supervisorPID, 0) == 0 && state.status != "stopped"
        print("veles up pid \(state.supervisorPID): \(running ? state.status : "not running (last status \(state.status))")")
        for entry in state.processes {
            let pid = entry.pid.map(String.init) ?? "-"
            print("  \(entry.name.padding(toLength: 16, withPad: " ", startingAt: 0)) pid \(pid.padding(toLength: 8, withPad: " ", startingAt: 0)) \(entry.state.rawValue.padding(toLength: 12, withPad: " ", startingAt: 0)) restarts \(entry.restarts)  \(entry.log)")
        }
        return running ? 0 : 1
    }
}
