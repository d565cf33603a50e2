import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import TestSupport

/// The gateway in front of the real stack (stripe-sim with 10,000 customers and no rate limit, broker, connection,
/// customer-sync), every customer synced: wrk against `GET /api/v1/stripe/customers?limit=50` with a bearer token,
/// so each request pays for the token lookup, one bus round trip to customer-sync and the JSON rendering.
enum GatewayBenchmark {
    static let customerCount = 10_000

    static func run() throws {
        let folder = URL(fileURLWithPath: "/tmp/veles-gwb-\(getpid())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let stack = Stack(folder: folder)
        defer {
            stack.stopAll()
            try? FileManager.default.removeItem(at: folder)
        }
        let dataset = folder.appendingPathComponent("customers.json")
        try writeDataset(to: dataset)
        let key = "sk_test_gateway_bench_4242"
        let simPort = try stack.start("stripe-sim", ["--port", "0", "--no-rate-limit", "--dataset", dataset.path,
                                                     "--account-id", "acct_1GatewayBench000", "--api-keys", key],
                                      readyPattern: #"listening on http://127\.0\.0\.1:(\d+)"#)
        let bus = ["--broker-frontend", "ipc://\(folder.path)/front", "--broker-backend", "ipc://\(folder.path)/back"]
        let data = ["--data-dir", folder.appendingPathComponent("data").path]
        _ = try stack.start("broker", bus + data, readyPattern: "broker listening")
        let httpPort = try Network.freePort()
        _ = try stack.start("gateway", bus + data + ["--http-port", String(httpPort)],
                            readyPattern: "gateway listening")
        let stripe = ["--stripe-api-url", "http://127.0.0.1:\(simPort ?? 0)"]
        _ = try stack.start("connection", bus + data + stripe + ["--stripe-rate-limit-test", "0"],
                            readyPattern: "registering with the broker")
        _ = try stack.start("customer-sync", bus + data + stripe + ["--stripe-rate-limit", "off", "--sync-interval", "3600"],
                            readyPattern: "registering with the broker")
        Thread.sleep(forTimeInterval: 0.5)

        let client = Array(bus.prefix(2))
        _ = try stack.velesctl(client + ["workspace", "create", "Bench", "--id", "ws_bench"])
        let created = try stack.velesctl(client + ["token", "create", "--workspace", "ws_bench", "--name", "bench"])
        guard let token = created.split(separator: "\n").last.map(String.init), token.hasPrefix("vlt_") else {
            throw Failure("velesctl printed no token:\n\(created)")
        }
        let base = "http://127.0.0.1:\(httpPort)"
        let connect = try http("POST", base + "/api/v1/stripe/connection", token: token, body: "{\"api_key\": \"\(key)\"}")
        guard connect.status == 201 else { throw Failure("connect answered \(connect.status): \(connect.text)") }
        let syncStarted = Date()
        try waitForSync(base: base, token: token)
        let syncSeconds = Date().timeIntervalSince(syncStarted)
        print("bench: gateway.sync customers=\(customerCount) sync_s=\(String(format: "%.2f", syncSeconds))")

        // VELES_BENCH_GATEWAY_SECONDS holds the main load longer, to attach a profiler to the processes.
        let seconds = ProcessInfo.processInfo.environment["VELES_BENCH_GATEWAY_SECONDS"].flatMap { Int($0) } ?? 8
        let (result, split) = try measured(stack, url: base + "/api/v1/stripe/customers?limit=50", token: token, seconds: seconds)
        print("bench: gateway.customers req_s=\(Int(result.requestsPerSecond)) p99_ms=\(result.p99Milliseconds) "
              + "customers=\(customerCount) limit=50 connections=32 threads=2 rate_limit=off \(split) load=\(loadAverage())")
        // Where a request's time goes: the same route refused after the token check (HTTP and auth only), and one
        // row (adding the bus round trip to customer-sync); the gap to the figure above is the other 49 rows.
        let authOnly = try wrk(url: base + "/api/v1/stripe/customers?limit=0", token: token, seconds: 4, expecting: 400)
        print("bench: gateway.auth_only req_s=\(Int(authOnly.requestsPerSecond)) p99_ms=\(authOnly.p99Milliseconds)")
        let (oneRow, oneRowSplit) = try measured(stack, url: base + "/api/v1/stripe/customers?limit=1", token: token, seconds: 4)
        print("bench: gateway.customers_limit1 req_s=\(Int(oneRow.requestsPerSecond)) p99_ms=\(oneRow.p99Milliseconds) "
              + "\(oneRowSplit) load=\(loadAverage())")
    }

    /// A wrk run with the CPU each process of the request's path spent per request, which holds up better than req/s
    /// when others load the machine.
    private static func measured(_ stack: Stack, url: String, token: String, seconds: Int) throws -> (WrkResult, String) {
        let before = stack.cpuSeconds()
        let result = try wrk(url: url, token: token, seconds: seconds)
        let split = zip(stack.cpuSeconds(), before).map { after, before in
            let perRequest = (after.1 - before.1) / Double(max(1, result.requests)) * 1e6
            return "cpu_us_\(after.0.replacingOccurrences(of: "-", with: "_"))=" + String(format: "%.0f", perRequest)
        }
        return (result, split.joined(separator: " "))
    }

    /// Customers as the API returns them, ids in order, a few seconds of `created` apart.
    private static func writeDataset(to url: URL) throws {
        var text = "{\"customers\":["
        for index in 0..<customerCount {
            if index > 0 { text += "," }
            text += "{\"id\":\"cus_gwb\(String(format: "%06d", index))\",\"object\":\"customer\",\"name\":\"Customer \(index)\","
            text += "\"email\":\"c\(index)@bench\(index % 97).example\",\"created\":\(1_700_000_000 + index)}"
        }
        text += "]}"
        try text.write(to: url, atomically: true, encoding: .utf8)
    }

    private static func waitForSync(base: String, token: String) throws {
        let deadline = Date().addingTimeInterval(300)
        while Date() < deadline {
            let response = try http("POST", base + "/api/v1/stripe/customers/sync", token: token, body: "{\"wait\": true}")
            if response.status == 200, response.text.contains("\"outcome\":\"succeeded\"") {
                let summary = try http("GET", base + "/api/v1/stripe/customers/summary", token: token, body: nil)
                if summary.text.contains("\"not_matched\":\(customerCount)") { return }
            }
            Thread.sleep(forTimeInterval: 0.5)
        }
        throw Failure("the customer sync did not finish within 300 s")
    }

    /// Child processes started from the build folder, logging to files, all stopped at the end.
    final class Stack: @unchecked Sendable {
        // @unchecked: used from the one benchmark thread only.
        let folder: URL
        private var processes: [Process] = []

        init(folder: URL) {
            self.folder = folder
        }

        /// Starts a product and waits for `readyPattern` in its log; returns the pattern's first capture as a number.
        func start(_ product: String, _ arguments: [String], readyPattern: String) throws -> Int? {
            let log = folder.appendingPathComponent("\(product).log")
            _ = FileManager.default.createFile(atPath: log.path, contents: nil)
            let process = Process()
            process.executableURL = Self.executable(product)
            process.arguments = arguments
            let handle = try FileHandle(forWritingTo: log)
            process.standardError = handle
            process.standardOutput = handle
            try process.run()
            processes.append(process)
            let deadline = Date().addingTimeInterval(60)
            while Date() < deadline {
                let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
                if let range = text.range(of: readyPattern, options: .regularExpression) {
                    let digits = text[range].split(separator: ":").last.flatMap { Int($0) }
                    return digits
                }
                guard process.isRunning else { throw Failure("\(product) exited:\n\(text.suffix(2000))") }
                usleep(50_000)
            }
            throw Failure("\(product) did not get ready within 60 s")
        }

        func velesctl(_ arguments: [String]) throws -> String {
            let process = Process()
            process.executableURL = Self.executable("velesctl")
            process.arguments = arguments
            let output = Pipe()
            process.standardOutput = output
            process.standardError = output
            try process.run()
            let data = output.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            let text = String(decoding: data, as: UTF8.self)
            guard process.terminationStatus == 0 else { throw Failure("velesctl \(arguments.suffix(4)) failed: \(text)") }
            return text
        }

        func stopAll() {
            for process in processes.reversed() where process.isRunning {
                process.terminate()
                process.waitUntilExit()
            }
            processes.removeAll()
        }

        /// CPU time (user and system) used so far by the gateway, customer-sync and the broker, the three a request
        /// passes through.
        func cpuSeconds() -> [(String, Double)] {
            ["gateway", "customer-sync", "broker"].map { product in
                let process = processes.first { $0.executableURL?.lastPathComponent == product }
                return (product, process.flatMap { processCPUSeconds(pid: $0.processIdentifier) } ?? 0)
            }
        }

        static func executable(_ product: String) -> URL {
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent(product)
        }
    }

    struct Response {
        let status: Int
        let text: String
    }

    /// One blocking HTTP call (the benchmark runs on its own thread, outside Swift concurrency).
    private static func http(_ method: String, _ url: String, token: String, body: String?) throws -> Response {
        guard let target = URL(string: url) else { throw Failure("bad URL \(url)") }
        var request = URLRequest(url: target, timeoutInterval: 60)
        request.httpMethod = method
        request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        if let body {
            request.httpBody = Data(body.utf8)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        let box = ResultBox()
        let done = DispatchSemaphore(value: 0)
        URLSession.shared.dataTask(with: request) { data, response, error in
            box.set(Response(status: (response as? HTTPURLResponse)?.statusCode ?? 0,
                             text: data.map { String(decoding: $0, as: UTF8.self) } ?? String(describing: error)))
            done.signal()
        }.resume()
        done.wait()
        return box.value ?? Response(status: 0, text: "no response")
    }

    /// Hands a URLSession completion back to the waiting thread.
    final class ResultBox: @unchecked Sendable {
        // @unchecked: written once by the completion handler before the semaphore is signalled, read after.
        private(set) var value: Response?
        func set(_ response: Response) { value = response }
    }

    /// Why the benchmark could not run.
    struct Failure: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }

    private struct WrkResult {
        let requestsPerSecond: Double
        let requests: Int
        let p99Milliseconds: String
    }

    /// The one-minute load average, printed next to figures that other work on the machine moves.
    private static func loadAverage() -> String {
        let text = (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8)) ?? ""
        return text.split(separator: " ").first.map(String.init) ?? "?"
    }

    /// Runs wrk against `url`; every answer must be `expecting` (a 2xx unless told), or the figure means nothing.
    private static func wrk(url: String, token: String, seconds: Int = 8, expecting: Int = 200) throws -> WrkResult {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/wrk") else { throw Failure("wrk is missing; run make setup") }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/wrk")
        process.arguments = ["-t2", "-c32", "-d\(seconds)s", "--latency", "-H", "Authorization: Bearer \(token)", url]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)
        guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix("Requests/sec:") }),
              let rate = Double(line.split(separator: " ").last ?? "") else {
            throw Failure("could not read wrk's output:\n\(text)")
        }
        let sample = try http("GET", url, token: token, body: nil)
        if text.contains("Non-2xx or 3xx responses") != (expecting >= 300) || sample.status != expecting {
            throw Failure("the gateway answered \(sample.status), not \(expecting), under load:\n\(text)")
        }
        let p99 = text.split(separator: "\n").first { $0.trimmingCharacters(in: .whitespaces).hasPrefix("99%") }
            .flatMap { $0.split(separator: " ").last }.map { milliseconds(String($0)) } ?? "?"
        // "  41234 requests in 8.00s, 512.3MB read"
        let requests = text.split(separator: "\n").first { $0.contains(" requests in ") }
            .flatMap { Int($0.split(separator: " ").first ?? "") } ?? Int(rate * Double(seconds))
        return WrkResult(requestsPerSecond: rate, requests: requests, p99Milliseconds: p99)
    }

    /// wrk prints latencies as `850.00us`, `4.21ms` or `1.02s`.
    private static func milliseconds(_ text: String) -> String {
        let units: [(String, Double)] = [("us", 0.001), ("ms", 1), ("s", 1000)]
        for (suffix, factor) in units where text.hasSuffix(suffix) {
            if let value = Double(text.dropLast(suffix.count)) { return String(format: "%.2f", value * factor) }
        }
        return text
    }
}
