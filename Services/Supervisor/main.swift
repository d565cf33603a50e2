import Foundation
import Support

// `veles up` runs the whole system on this machine; `veles status` shows what a running one is doing.
let arguments = Array(CommandLine.arguments.dropFirst())
let environment = ProcessInfo.processInfo.environment

switch arguments.first {
case "up":
    let configuration = UpConfiguration.parse(arguments: Array(arguments.dropFirst()), environment: environment)
    exit(await UpCommand(configuration: configuration, environment: environment).run())
case "status":
    exit(StatusCommand.run(arguments: Array(arguments.dropFirst()), environment: environment))
case "--help", "-h", "help", nil:
    print(VelesUsage.text)
    exit(arguments.isEmpty ? 2 : 0)
case let other?:
    FileHandle.standardError.write(Data("veles: unknown command '\(other)'\n\n\(VelesUsage.text)\n".utf8))
    exit(2)
}
