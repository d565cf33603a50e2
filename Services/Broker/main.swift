import Bus
import Foundation
import ProtoRuntime
import Support
import VelesAPI

let options = Options(program: "broker", summary: "Routes bus RPCs from clients to service workers, fans out events and journals traffic.")
let frontend = options.string("broker-frontend", env: "VELES_BROKER_FRONTEND", default: BusDefaults.frontend,
                              help: "endpoint clients connect to (tcp:// or ipc://)")
let backend = options.string("broker-backend", env: "VELES_BROKER_BACKEND", default: BusDefaults.backend,
                             help: "endpoint workers connect to (tcp:// or ipc://)")
let dataDirectory = options.string("data-dir", env: "VELES_DATA_DIR", default: "./data", help: "folder for the journal")
let journalDirectory = options.string("journal-dir", env: "VELES_JOURNAL_DIR", help: "journal folder [default: <data-dir>/journal]")
let journalOff = options.flag("no-journal", env: "VELES_NO_JOURNAL", help: "do not record traffic")
let journalFileMB = options.int("journal-max-file-mb", env: "VELES_JOURNAL_MAX_FILE_MB", default: 64, help: "rotate journal files at this size")
let journalFiles = options.int("journal-max-files", env: "VELES_JOURNAL_MAX_FILES", default: 32, help: "journal files kept")
let journalDays = options.int("journal-max-age-days", env: "VELES_JOURNAL_MAX_AGE_DAYS", default: 7, help: "journal files older than this are deleted")
let maxQueue = options.int("max-queue", env: "VELES_BROKER_MAX_QUEUE", default: 1000, help: "requests queued per service before RESOURCE_EXHAUSTED")
let maxMessageBytes = options.int("max-message-bytes", env: "VELES_BROKER_MAX_MESSAGE_BYTES", default: 4 * 1024 * 1024,
                                  help: "largest request accepted")
let heartbeatMs = options.int("heartbeat-ms", env: "VELES_BUS_HEARTBEAT_MS", default: 1000, help: "heartbeat interval (liveness is 3 intervals)")
let startupGraceMs = options.int("startup-grace-ms", env: "VELES_BROKER_STARTUP_GRACE_MS", default: 4000,
                                 help: "after start, requests for a service no worker has registered yet wait this long instead of failing")
let idleSpinMicroseconds = options.int("idle-spin-us", env: "VELES_BROKER_IDLE_SPIN_US", default: 100,
                                      help: "while traffic is light, stay awake this long after the last message before sleeping (0: never)")
let logLevelName = options.string("log-level", env: "VELES_LOG_LEVEL", default: "info", help: "debug, info, warning or error")
options.finish()

let logger = Logger(process: "broker", level: LogLevel(name: logLevelName) ?? .info)
let registry = MessageRegistry(BusProtoTypes.all + VelesAPIProtoTypes.all)
let journal = journalOff ? nil : JournalConfiguration(
    directory: journalDirectory ?? URL(fileURLWithPath: dataDirectory).appendingPathComponent("journal").path,
    maxFileBytes: journalFileMB * 1024 * 1024, maxFiles: journalFiles, maxAge: .seconds(journalDays * 86_400), registry: registry
)
let configuration = BrokerConfiguration(
    frontend: frontend, backend: backend, heartbeatInterval: .milliseconds(heartbeatMs),
    maxQueuePerService: maxQueue, maxMessageBytes: maxMessageBytes, startupGrace: .milliseconds(startupGraceMs),
    journal: journal, idleSpin: .microseconds(max(0, idleSpinMicroseconds))
)
let signal = ShutdownSignal()
do {
    try await ServiceGroup(services: [Broker(configuration: configuration, logger: logger)], logger: logger, signal: signal).run()
} catch {
    logger.error("broker failed", ["error": "\(error)"])
    exit(1)
}
