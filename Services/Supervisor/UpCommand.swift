import Foundation
import Support

/// `veles up`: prints the plan, or takes the data folder's lock, clears leftovers and runs the supervisor.
struct UpCommand {
    static let stateFileName = "veles-state.json"

    let configuration: UpConfiguration
    let environment: [String: String]

    func run() async -> Int32 {
        let plan = ProcessPlan(settings: configuration.plan)
        if configuration.printPlan {
            return printPlan(plan)
        }
        let logger = Logger(process: "veles", level: configuration.logLevel)
        let dataDirectory = URL(fileURLWithPath: configuration.plan.dataDirectory)
        let stateFile = dataDirectory.appendingPathComponent(Self.stateFileName)
        let lock: DataDirectoryLock
        do {
            try FileManager.default.createDirectory(at: dataDirectory, withIntermediateDirectories: true)
            lock = try DataDirectoryLock(dataDirectory: dataDirectory, stateFile: stateFile)
        } catch {
            logger.error("\(error)")
            return 1
        }
        // Signals are caught from here on, so Ctrl-C during startup still stops what was started. SIGHUP too: the
        // children sit in process groups of their own, so a closed terminal would otherwise orphan them.
        let shutdown = ShutdownSignal(signals: [SIGTERM, SIGINT, SIGHUP])
        await LeftoverProcesses.stop(recordedIn: stateFile, grace: configuration.stopGrace, logger: logger)

        let binaries = URL(fileURLWithPath: configuration.binaryDirectory)
        let settings = SupervisorSettings(
            binaryDirectory: binaries, logDirectory: URL(fileURLWithPath: configuration.logDirectory), stateFile: stateFile,
            stopGrace: configuration.stopGrace, readinessTimeout: configuration.readinessTimeout,
            restartPolicy: configuration.restartPolicy, environment: environment)
        let checker = ReadinessChecker(busHealth: BusHealthQuery(
            velesctl: binaries.appendingPathComponent("velesctl"), brokerFrontend: configuration.plan.brokerFrontend))
        let supervisor = Supervisor(plan: plan, settings: settings, checker: checker, logger: logger)
        logger.info("starting", ["processes": plan.processes.map(\.name).joined(separator: ","),
                                 "stripe_api_url": configuration.plan.effectiveStripeAPIURL,
                                 "data_dir": configuration.plan.dataDirectory])
        let runsGateway = plan.processes.contains { $0.name == "gateway" }
        if configuration.demo, !runsGateway {
            logger.info("no gateway in this run (--only), so no demo workspace is set up")
        }
        let demo = configuration.demo && runsGateway ? DemoBootstrap(configuration: configuration, logger: logger.named("demo")) : nil
        let outcome = await supervisor.run(shutdown: shutdown) {
            guard let demo else { return nil }
            return await demo.run()
        }
        withExtendedLifetime(lock) {}
        switch outcome {
        case .signalled:
            logger.info("stopped cleanly")
        case .gaveUp(let process, let crashes):
            logger.error("stopped: \(process) crashed \(crashes) times in a row; its log is in \(configuration.logDirectory)")
        case .failedToStart(let process, let reason):
            logger.error("stopped: \(process) could not be started: \(reason)")
        }
        return outcome.exitStatus
    }

    private func printPlan(_ plan: ProcessPlan) -> Int32 {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(plan) else { return 1 }
        print(String(decoding: data, as: UTF8.self))
        return 0
    }
}
