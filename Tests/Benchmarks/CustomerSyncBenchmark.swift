import Bus
import Foundation
import Synchronization
import TestSupport
import VelesAPI

/// Full customer sync end to end with the real processes: stripe-sim (rate limit off) loaded with N customers, the
/// broker, the connection service and one customer-sync worker holding N Veles customers; the workspace is connected
/// and one full sync into an empty store is timed. Goals (issue 6): at least 20,000 objects/s, and a peak RSS of
/// customer-sync that does not grow with the count.
///
/// `seconds` is the run's own start-to-finish as customer-sync recorded it. The `*_cpu_s` fields are the CPU time
/// (user + system) each process spent during the run: on a machine shared with other work they say what the wall
/// time cannot. `VELES_BENCH_CUSTOMER_COUNTS=10000,50000` picks other counts.
enum CustomerSyncBenchmark {
    static let workspace = "ws_bench_customers"
    static let velesBatch = 1_000

    static func run() throws {
        let counts = ProcessInfo.processInfo.environment["VELES_BENCH_CUSTOMER_COUNTS"]
            .map { $0.split(separator: ",").compactMap { Int($0) } } ?? [10_000, 100_000]
        let done = DispatchSemaphore(value: 0)
        let failure = Mutex<(any Error)?>(nil)
        Task {
            do {
                for count in counts { try await measure(count: count) }
            } catch {
                failure.withLock { $0 = error }
            }
            done.signal()
        }
        done.wait()
        if let error = failure.withLock({ $0 }) { throw error }
    }

    static func measure(count: Int) async throws {
        let stack = try ServiceStack()
        defer { stack.stopAll() }
        let dataset = stack.directory.appending("customers-dataset.json")
        try writeStripeDataset(count: count, to: dataset)
        let sim = try await stack.startStripeSim(["--rate-limit", "0", "--dataset", dataset.path])
        // Started by hand rather than with the stack's helpers, whose waits suit tests, not a loaded benchmark machine.
        let broker = try stack.launch("broker", stack.busArguments + ["--data-dir", stack.dataDirectory])
        try await broker.waitForLog("broker listening", timeout: .seconds(180))
        let serviceArguments = stack.busArguments + ["--data-dir", stack.dataDirectory, "--stripe-api-url", stack.stripeURL]
        let connection = try stack.launch("connection", serviceArguments + ["--stripe-rate-limit-test", "0", "--log-level", "info"])
        try await connection.waitForLog("registering with the broker", timeout: .seconds(180))
        let worker = try stack.launch("customer-sync", serviceArguments + [
            "--sync-interval", "36000", "--stripe-rate-limit", "off", "--log-level", "info",
        ])
        try await worker.waitForLog("registering with the broker", timeout: .seconds(180))
        let bus = try BusClient(configuration: BusClientConfiguration(broker: stack.brokerFrontend, caller: "bench"),
                                logger: .init(process: "bench", level: .warning))
        defer { bus.close() }
        let customers = Veles_Customers_V1_CustomerSyncClient(channel: bus)
        let connectionClient = Veles_Connection_V1_ConnectionClient(channel: bus)
        let options = CallOptions(timeout: .seconds(60), workspaceId: workspace)
        try await waitForWorkers(bus, stack: stack)

        let upsertStart = ContinuousClock.now
        var start = 0
        while start < count {
            var request = Veles_Customers_V1_UpsertVelesCustomersRequest()
            request.customers = (start..<min(start + velesBatch, count)).map(velesCustomer)
            _ = try await customers.upsertVelesCustomers(request, options: options)
            start += velesBatch
        }
        let upsertSeconds = (ContinuousClock.now - upsertStart).seconds
        let upsertPeakMb = ProcessStats(pid: worker.pid).peakResidentMb
        // From here the peak counts only the sync itself (Linux: "5" resets VmHWM to the current RSS).
        try? "5".write(toFile: "/proc/\(worker.pid)/clear_refs", atomically: false, encoding: .utf8)

        let before = [sim, broker, connection, worker].map { ProcessStats(pid: $0.pid) }
        let wallStart = ContinuousClock.now
        var connect = Veles_Connection_V1_ConnectRequest()
        connect.apiKey = ServiceStack.testKey
        _ = try await connectionClient.connect(connect, options: options)
        // The connect trigger may have started the full sync already; SyncNow then joins it.
        var syncNow = Veles_Customers_V1_SyncNowRequest()
        syncNow.wait = true
        var run = try await customers.syncNow(syncNow, options: options).run
        let deadline = ContinuousClock.now + .seconds(1_800)
        while run.status == .running, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(100))
            var list = Veles_Customers_V1_ListSyncRunsRequest()
            list.limit = 10
            run = try await customers.listSyncRuns(list, options: options).runs.first { $0.runId == run.runId } ?? run
        }
        let wallSeconds = (ContinuousClock.now - wallStart).seconds
        let after = [sim, broker, connection, worker].map { ProcessStats(pid: $0.pid) }
        guard run.status == .succeeded, Int(run.created) == count else {
            throw BenchmarkFailure("customer-sync run \(run.runId) ended \(run.status) created=\(run.created) of \(count): "
                                   + "\(run.error)\n\(stack.logs)")
        }
        let seconds = Double(run.finishedAtMs - run.startedAtMs) / 1000
        let cpu = zip(before, after).map { $1.cpuSeconds - $0.cpuSeconds }
        let syncPeakMb = after[3].peakResidentMb
        print(String(format: "bench: customer-sync.full n=%d objects_s=%.0f rss_mb=%.1f seconds=%.2f wall_s=%.2f "
                     + "cpu_s=%.2f sim_cpu_s=%.2f broker_cpu_s=%.2f connection_cpu_s=%.2f sync_peak_mb=%.1f "
                     + "upsert_peak_mb=%.1f veles_upsert_s=%.2f veles=%d matched=%d unmatched=%d pages=%d rate_limit=off",
                     count, Double(count) / seconds, max(syncPeakMb, upsertPeakMb), seconds, wallSeconds,
                     cpu[3], cpu[0], cpu[1], cpu[2], syncPeakMb, upsertPeakMb, upsertSeconds, count,
                     run.matched, run.unmatched, run.pages))
    }

    private static func waitForWorkers(_ bus: BusClient, stack: ServiceStack) async throws {
        let wanted = [Veles_Customers_V1_CustomerSync.descriptor.fullName, Veles_Connection_V1_Connection.descriptor.fullName]
        let deadline = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < deadline {
            if let health = try? await bus.brokerHealth(timeout: .seconds(2)),
               wanted.allSatisfy({ name in health.services.contains { $0.name == name && $0.liveWorkers >= 1 } }) {
                return
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw BenchmarkFailure("customer-sync and connection did not register:\n\(stack.logs)")
    }

    /// Veles customer `i`: a company with a domain, a contact and a billing address.
    static func velesCustomer(_ index: Int) -> Veles_Customers_V1_VelesCustomer {
        let suffixes = ["Inc.", "GmbH", "Ltd", "LLC", "S.A.", "Corporation", ""]
        var customer = Veles_Customers_V1_VelesCustomer()
        customer.id = "vc_\(index)"
        customer.name = "\(index % 10 == 0 ? "Müller" : "Northwind") Trading \(index) \(suffixes[index % suffixes.count])"
        customer.domains = ["company\(index).com"]
        customer.contactEmails = ["buyer\(index)@company\(index).com"]
        customer.billingEmail = "ap@company\(index).com"
        return customer
    }

    /// One stripe-sim ledger of `count` customers; each fifth matches by email, domain, name or metadata, or not at all.
    private static func writeStripeDataset(count: Int, to url: URL) throws {
        var text = #"{"customers": ["#
        text.reserveCapacity(count * 260)
        for index in 0..<count {
            if index > 0 { text += "," }
            let target = (index * 7_919) % count
            let (name, email, metadata): (String, String, String)
            switch index % 5 {
            case 0: (name, email, metadata) = ("Someone \(index)", "AP@company\(target).com", "{}")
            case 1: (name, email, metadata) = ("Someone \(index)", "x@billing.company\(target).com", "{}")
            case 2: (name, email, metadata) = ("\(target % 10 == 0 ? "MULLER" : "northwind") trading \(target)", "p\(index)@gmail.com", "{}")
            case 3: (name, email, metadata) = ("Other \(index)", "a\(index)@b.de", #"{"veles_customer_id": "vc_\#(target)"}"#)
            default: (name, email, metadata) = ("Unknown Shop \(index)", "shop\(index)@yahoo.co.uk", #"{"plan": "basic"}"#)
            }
            text += #"{"id": "cus_bench\#(index)", "object": "customer", "name": "\#(name)", "email": "\#(email)", "#
                + #""description": "Benchmark customer", "metadata": \#(metadata), "created": \#(1_700_000_000 + index)}"#
        }
        text += "]}"
        try Data(text.utf8).write(to: url)
    }
}

/// CPU time and peak resident memory of a running process, from /proc.
struct ProcessStats {
    var cpuSeconds = 0.0
    var peakResidentMb = 0.0

    init(pid: Int32) {
        cpuSeconds = processCPUSeconds(pid: pid) ?? 0
        if let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
           let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
           let kb = line.split(separator: " ").dropFirst().first.flatMap({ Double($0) }) {
            peakResidentMb = kb / 1024
        }
    }
}
