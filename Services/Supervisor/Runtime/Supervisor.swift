import Foundation
import Support

/// Runs the process plan: starts each copy in order and waits until it is ready before the next, restarts a copy
/// that exits on its own (with backoff, giving up after repeated fast crashes), and stops everything in reverse
/// start order, SIGTERM first and SIGKILL after a grace period, so nothing is left running.
actor Supervisor {
    private let settings: SupervisorSettings
    private let checker: ReadinessChecker
    private let logger: Logger
    private var instances: [Instance]
    private var stopReason: SupervisorOutcome?
    private var stopWaiters: [CheckedContinuation<Void, Never>] = []
    private var status = "starting"

    init(plan: ProcessPlan, settings: SupervisorSettings, checker: ReadinessChecker, logger: Logger) {
        self.settings = settings
        self.checker = checker
        self.logger = logger
        instances = plan.processes.flatMap { spec in
            (0..<spec.replicas).map { copy in
                let name = spec.instanceName(copy)
                return Instance(spec: spec, copy: copy, name: name,
                                logURL: settings.logDirectory.appendingPathComponent("\(name).log"))
            }
        }
    }

    /// Starts the system, runs `whenReady` once every copy is ready, and returns after everything has stopped:
    /// on `shutdown`, when a copy cannot be kept running, or when `whenReady` asks for a stop by returning an outcome.
    func run(shutdown: ShutdownSignal, whenReady: @escaping @Sendable () async -> SupervisorOutcome?) async -> SupervisorOutcome {
        try? FileManager.default.createDirectory(at: settings.logDirectory, withIntermediateDirectories: true)
        let signalTask = Task { [weak self] in
            let number = await shutdown.wait()
            await self?.requestStop(.signalled(number))
        }
        var readyTask: Task<Void, Never>?
        if await startAll() {
            status = "running"
            writeState()
            logger.info("all processes ready", ["processes": String(instances.count)])
            readyTask = Task { [weak self] in
                if let outcome = await whenReady() { await self?.requestStop(outcome) }
            }
        }
        await waitForStopRequest()
        readyTask?.cancel()
        signalTask.cancel()
        await stopAll()
        return stopReason ?? .signalled(SIGTERM)
    }

    /// Asks for the system to stop; the first reason given is the one reported.
    func requestStop(_ reason: SupervisorOutcome) {
        if stopReason == nil { stopReason = reason }
        let waiters = stopWaiters
        stopWaiters.removeAll()
        for waiter in waiters { waiter.resume() }
    }

    private var stopping: Bool { stopReason != nil }

    private func waitForStopRequest() async {
        if stopping { return }
        await withCheckedContinuation { stopWaiters.append($0) }
    }

    // MARK: Starting

    private func startAll() async -> Bool {
        for index in instances.indices {
            guard !stopping else { return false }
            if instances[index].copy == 0, let (host, port) = instances[index].spec.readiness.listeningAddress,
               PortCheck.isAccepting(host: host, port: port) {
                // Its readiness check would be fooled by whatever already listens there.
                let reason = "port \(port) on \(host) is already in use by another program (an earlier run still going?)"
                logger.error("cannot start \(instances[index].name): \(reason)")
                requestStop(.failedToStart(process: instances[index].name, reason: reason))
                return false
            }
            spawn(index)
            guard await waitUntilReady(index) else { return false }
        }
        return !stopping
    }

    /// Starts (or restarts) one copy. Must stay free of suspension points, so a stop request cannot slip in between
    /// the check and the start and leave a child the stop never sees.
    private func spawn(_ index: Int) {
        guard !stopping else { return }
        instances[index].generation += 1
        let generation = instances[index].generation
        let instance = instances[index]
        let executable = settings.binaryDirectory.appendingPathComponent(instance.spec.executable)
        do {
            guard FileManager.default.isExecutableFile(atPath: executable.path) else {
                throw SupervisorError.missingExecutable(executable.path)
            }
            let child = try ChildHandle(
                instanceName: instance.name, executable: executable, arguments: instance.spec.arguments,
                logURL: instance.logURL, environment: settings.environment
            ) { [weak self] process in
                let status = process.terminationStatus
                let signalled = process.terminationReason == .uncaughtSignal
                Task { await self?.childExited(index: index, generation: generation, status: status, bySignal: signalled) }
            }
            instances[index].child = child
            instances[index].state = .starting
            logger.info("started", ["process": instance.name, "pid": String(child.pid), "log": instance.logURL.path])
        } catch {
            instances[index].child = nil
            instances[index].state = .failed
            logger.error("could not start", ["process": instance.name, "error": String(describing: error)])
            requestStop(.failedToStart(process: instance.name, reason: String(describing: error)))
        }
        writeState()
    }

    /// Polls the copy's readiness until it holds; meanwhile a crash restarts it in the background and the poll
    /// carries on with the new start, until the copy is given up, a stop is asked for, or time runs out.
    private func waitUntilReady(_ index: Int) async -> Bool {
        let deadline = ContinuousClock.now + settings.readinessTimeout
        while ContinuousClock.now < deadline {
            if stopping { return false }
            let instance = instances[index]
            if let child = instance.child, child.isRunning,
               await checker.isReady(instance.spec.readiness, child: child, logURL: instance.logURL, copies: instance.copy + 1),
               instances[index].generation == instance.generation, !stopping {
                instances[index].state = .ready
                logger.info("ready", ["process": instance.name])
                writeState()
                return true
            }
            try? await Task.sleep(for: settings.pollInterval)
        }
        let instance = instances[index]
        let reason = "not ready within \(settings.readinessTimeout) (waiting for \(instance.spec.readiness))"
        logger.error("\(instance.name) did not become ready; see its log", ["log": instance.logURL.path, "reason": reason])
        printLogTail(of: instance)
        requestStop(.failedToStart(process: instance.name, reason: reason))
        return false
    }

    // MARK: Crashes

    private func childExited(index: Int, generation: Int, status: Int32, bySignal: Bool) {
        let instance = instances[index]
        guard generation == instance.generation, !stopping, let child = instance.child else { return }
        let uptime = ContinuousClock.now - child.startedAt
        let crashes = settings.restartPolicy.fastCrashes(previous: instance.fastCrashes, uptime: uptime)
        instances[index].fastCrashes = crashes
        let how = bySignal ? "signal \(status)" : "status \(status)"
        if settings.restartPolicy.givesUp(afterFastCrashes: crashes) {
            instances[index].state = .failed
            writeState()
            logger.error("\(instance.name) keeps crashing (\(crashes) times in a row, each within \(settings.restartPolicy.stableAfter) of starting); giving up and stopping everything",
                         ["process": instance.name, "exit": how, "log": instance.logURL.path])
            printLogTail(of: instance)
            requestStop(.gaveUp(process: instance.name, crashes: crashes))
            return
        }
        let delay = settings.restartPolicy.delay(afterFastCrashes: crashes)
        instances[index].state = .backingOff
        writeState()
        logger.warning("exited; restarting", ["process": instance.name, "exit": how, "uptime": Self.seconds(uptime),
                                               "restart_in": Self.seconds(delay), "crashes_in_a_row": String(crashes)])
        Task { [weak self] in
            try? await Task.sleep(for: delay)
            await self?.restart(index: index, generation: generation)
        }
    }

    private func restart(index: Int, generation: Int) async {
        guard !stopping, instances[index].generation == generation else { return }
        instances[index].restarts += 1
        spawn(index)
        let started = instances[index].generation
        // Report when the restarted copy is serving again, without holding anything else up.
        let deadline = ContinuousClock.now + settings.readinessTimeout
        while ContinuousClock.now < deadline, !stopping, instances[index].generation == started {
            let instance = instances[index]
            if let child = instance.child, child.isRunning,
               await checker.isReady(instance.spec.readiness, child: child, logURL: instance.logURL, copies: instance.copy + 1) {
                guard instances[index].generation == started, !stopping else { return }
                instances[index].state = .ready
                logger.info("ready again", ["process": instance.name, "restarts": String(instance.restarts)])
                writeState()
                return
            }
            try? await Task.sleep(for: settings.pollInterval)
        }
    }

    // MARK: Stopping

    /// Stops every copy, process by process in reverse start order; the copies of one process stop together.
    private func stopAll() async {
        status = "stopping"
        let started = Dictionary(grouping: instances.indices, by: { instances[$0].spec.name })
        var order: [String] = []
        for instance in instances where !order.contains(instance.spec.name) { order.append(instance.spec.name) }
        for name in order.reversed() {
            let indices = started[name] ?? []
            for index in indices { instances[index].state = .stopping }
            let children = indices.compactMap { index in instances[index].child.map { (index, $0) } }
            let grace = settings.stopGrace
            let results = await withTaskGroup(of: (Int, ChildHandle.StopResult).self) { group in
                for (index, child) in children {
                    group.addTask { (index, await child.stop(grace: grace)) }
                }
                var collected: [(Int, ChildHandle.StopResult)] = []
                for await result in group { collected.append(result) }
                return collected
            }
            for (index, result) in results {
                instances[index].state = .stopped
                switch result {
                case .killed:
                    logger.warning("did not exit within the grace period; killed", ["process": instances[index].name, "grace": "\(grace)"])
                case .exited, .alreadyExited:
                    logger.info("stopped", ["process": instances[index].name])
                }
            }
            for index in indices where instances[index].child == nil { instances[index].state = .stopped }
            writeState()
        }
        status = "stopped"
        writeState()
        logger.info("everything stopped")
    }

    // MARK: Reporting

    private func printLogTail(of instance: Instance) {
        let text = ReadinessChecker.log(at: instance.logURL, since: instance.child?.logOffset ?? 0)
        let tail = text.split(separator: "\n", omittingEmptySubsequences: false).suffix(15)
        guard !tail.isEmpty else { return }
        FileHandle.standardError.write(Data(("---- last lines of \(instance.logURL.path):\n" + tail.joined(separator: "\n") + "\n").utf8))
    }

    private func writeState() {
        let state = SupervisorState(
            supervisorPID: getpid(), status: status, binaryDirectory: settings.binaryDirectory.path,
            processes: instances.map { instance in
                let alive = instance.child.map { $0.isRunning } ?? false
                return SupervisorState.Entry(name: instance.name, pid: alive ? instance.child?.pid : nil, state: instance.state,
                                             restarts: instance.restarts, log: instance.logURL.path)
            })
        do {
            try state.write(to: settings.stateFile)
        } catch {
            logger.warning("could not write the state file", ["path": settings.stateFile.path, "error": String(describing: error)])
        }
    }

    /// `298.6s`: a log field a person reads, not Duration's nine decimals and the word "seconds".
    static func seconds(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        return String(format: "%.1fs", Double(seconds) + Double(attoseconds) / 1e18)
    }
}
