import Bus
import Foundation
import ProtoRuntime
import Support
import VelesAPI

let commands = """
    commands:
      call <service> <Method> ['<json>']   call any method; prints the reply as JSON (secret fields redacted)
      health [--service S]                each service, its live workers and status; with --service, only S
                                          (exit 0 only when S has live workers answering SERVING; S = Health
                                          checks the broker alone)
      bus tail [--service S] [--method M] [--from-start]
                                          journal records as JSON lines, live
      bus replay [--from TIME] [--to TIME] [--service S] [--method M] [--request-id ID]
                 [--speed Nx|max] [--dry-run] [--allow-non-idempotent] [--include-replays]
                                          re-send recorded requests and compare the replies; what an earlier
                                          replay sent is skipped unless --include-replays
    \(AdminCommand.usage)
    """
let usage = "usage: velesctl [options] <command>\n\(commands)"
let options = Options(program: "velesctl", summary: commands)
let frontend = options.string("broker-frontend", env: "VELES_BROKER_FRONTEND", default: BusDefaults.frontend, help: "broker endpoint for clients")
let dataDirectory = options.string("data-dir", env: "VELES_DATA_DIR", default: "./data", help: "data folder (the journal is in <data-dir>/journal)")
let journalDirectory = options.string("journal-dir", env: "VELES_JOURNAL_DIR", help: "journal folder [default: <data-dir>/journal]")
let timeoutMs = options.int("timeout-ms", env: "VELES_TIMEOUT_MS", default: 10_000, help: "deadline of each call")
let workspace = options.string("workspace", env: "VELES_WORKSPACE", help: "workspace id sent with calls")
let service = options.string("service", help: "health/tail/replay: only this service (full name or last part, e.g. Catalog)")
let method = options.string("method", help: "tail/replay: only this method")
let requestId = options.string("request-id", help: "replay: only this request")
let from = options.string("from", help: "replay: records at or after (Unix ms, ISO 8601, or -10m)")
let to = options.string("to", help: "replay: records at or before")
let speedText = options.string("speed", default: "max", help: "replay pace: Nx the recorded pace, or max")
let dryRun = options.flag("dry-run", help: "replay: print what would be sent")
let allowNonIdempotent = options.flag("allow-non-idempotent", help: "replay: also send non-idempotent requests")
let includeReplays = options.flag("include-replays", help: "replay: also re-send what earlier replays sent")
let fromStart = options.flag("from-start", help: "tail: print what is already in the journal first")
let logLevelName = options.string("log-level", env: "VELES_LOG_LEVEL", default: "warning", help: "debug, info, warning or error")
let adminFlags = AdminCommand.Flags(declaringIn: options)
options.finish(allowPositionals: true)

let logger = Logger(process: "velesctl", level: LogLevel(name: logLevelName) ?? .warning)
let codec = MessageCodec(registry: MessageRegistry(BusProtoTypes.all + VelesAPIProtoTypes.all))
let formatting = JournalFormatting(codec: codec)
let journalFolder = journalDirectory ?? URL(fileURLWithPath: dataDirectory).appendingPathComponent("journal").path
let timeout = Duration.milliseconds(timeoutMs)

func makeClient() throws -> BusClient {
    try BusClient(configuration: BusClientConfiguration(broker: frontend, caller: "velesctl", defaultTimeout: timeout), logger: logger)
}

func filter() throws -> RecordFilter {
    try ServiceCatalog.all.checkFilter(service: service, method: method)
    return RecordFilter(service: service, method: method, requestId: requestId,
                 fromMs: try from.map(RecordFilter.parseTime), toMs: try to.map(RecordFilter.parseTime))
}

let arguments = options.positionals
do {
    switch (arguments.first, arguments.dropFirst().first) {
    case ("call", _):
        let client = try makeClient()
        try await CallCommand(client: client, codec: codec, timeout: timeout, workspaceId: workspace).run(Array(arguments.dropFirst()))
    case ("health", _):
        let serving = try await HealthCommand(client: try makeClient(), timeout: timeout, service: service).run()
        exit(serving ? 0 : 1)
    case ("bus", "tail"):
        try await TailCommand(journalDirectory: journalFolder, filter: try filter(), fromStart: fromStart, formatting: formatting).run()
    case ("bus", "replay"):
        let command = ReplayCommand(client: try makeClient(), journalDirectory: journalFolder, filter: try filter(),
                                    speed: try ReplayCommand.parseSpeed(speedText), dryRun: dryRun,
                                    allowNonIdempotent: allowNonIdempotent, includeReplays: includeReplays, formatting: formatting)
        exit(try await command.run() ? 0 : 1)
    case ("bus", let command):
        throw UnknownCommand(group: "bus", command: command)
    case ("workspace", _), ("token", _):
        try await AdminCommand(client: Veles_Admin_V1_AdminClient(channel: try makeClient()), flags: adminFlags,
                               workspaceId: workspace, timeout: timeout).run(arguments)
    case (nil, _):
        print(usage)
        exit(2)
    case (let command?, _):
        throw UnknownCommand(group: nil, command: command)
    }
} catch let error as UnknownCommand {
    FileHandle.standardError.write(Data("velesctl: \(error)\n\(usage)\n".utf8))
    exit(2)
} catch let error as RPCError {
    FileHandle.standardError.write(Data("velesctl: \(error.code.statusName): \(error.message)\n".utf8))
    exit(1)
} catch {
    FileHandle.standardError.write(Data("velesctl: \(error)\n".utf8))
    exit(1)
}
