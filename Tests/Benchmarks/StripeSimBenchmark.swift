import Foundation

/// stripe-sim with 100,000 customers loaded and the rate limit off: bulk-load time, `GET /v1/customers?limit=100`
/// pages per second (from a cursor in the middle, so the O(log n) seek is included) and `POST /v1/customers` per
/// second, driven by wrk from Debian.
enum StripeSimBenchmark {
    static let customerCount = 100_000

    static func run() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("stripe-sim-bench-\(getpid())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let dataset = folder.appendingPathComponent("customers.json")
        try writeDataset(to: dataset)

        let executable = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("stripe-sim")
        guard FileManager.default.isExecutableFile(atPath: executable.path) else {
            throw Failure("no stripe-sim beside veles-bench at \(executable.path)")
        }
        let log = folder.appendingPathComponent("stripe-sim.log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        let process = Process()
        process.executableURL = executable
        process.arguments = ["--port", "0", "--no-rate-limit", "--dataset", dataset.path, "--log-level", "info"]
        let handle = try FileHandle(forWritingTo: log)
        process.standardError = handle
        process.standardOutput = handle
        let launched = Date()
        try process.run()
        defer {
            process.terminate()
            process.waitUntilExit()
        }
        let port = try waitForPort(log: log, process: process)
        let startupSeconds = Date().timeIntervalSince(launched)
        let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        let loadMilliseconds = text.range(of: #"dataset loaded ms=(\d+)"#, options: .regularExpression)
            .map { String(text[$0]).split(separator: "=").last.map(String.init) ?? "?" } ?? "?"
        print("bench: stripe-sim.load customers=\(customerCount) load_ms=\(loadMilliseconds) startup_s=\(String(format: "%.2f", startupSeconds))")

        let base = "http://127.0.0.1:\(port)"
        let middle = String(format: "cus_bench%09d", customerCount / 2)
        let list = try wrk(url: "\(base)/v1/customers?limit=100&starting_after=\(middle)", script: nil, folder: folder)
        print("bench: stripe-sim.list pages_s=\(Int(list.requestsPerSecond)) objects_s=\(Int(list.requestsPerSecond * 100)) "
              + "p99_ms=\(list.p99Milliseconds) customers=\(customerCount) rate_limit=off connections=8")
        let post = folder.appendingPathComponent("post.lua")
        try """
            wrk.method = "POST"
            wrk.body = "name=Bench%20Customer&email=bench%40example.com&metadata%5Bsource%5D=wrk"
            wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
            wrk.headers["Authorization"] = "Bearer sk_test_sim_default"
            """.write(to: post, atomically: true, encoding: .utf8)
        let create = try wrk(url: "\(base)/v1/customers", script: post, folder: folder)
        print("bench: stripe-sim.create req_s=\(Int(create.requestsPerSecond)) p99_ms=\(create.p99Milliseconds) "
              + "customers=\(customerCount) rate_limit=off connections=8")
    }

    /// Customers shaped as the API returns them, three per second of `created`, ids in order.
    private static func writeDataset(to url: URL) throws {
        var text = "{\"customers\":["
        text.reserveCapacity(customerCount * 200)
        for index in 0..<customerCount {
            if index > 0 { text += "," }
            let id = String(format: "cus_bench%09d", index)
            text += "{\"id\":\"\(id)\",\"object\":\"customer\",\"name\":\"Customer \(index)\",\"email\":\"c\(index)@example.com\","
            text += "\"created\":\(1_700_000_000 + index / 3),\"metadata\":{\"veles_customer_id\":\"v-\(index)\"},"
            text += "\"address\":{\"city\":\"Oslo\",\"country\":\"NO\",\"line1\":null,\"line2\":null,\"postal_code\":null,\"state\":null}}"
        }
        text += "]}"
        try text.write(to: url, atomically: true, encoding: .utf8)
    }

    private static func waitForPort(log: URL, process: Process) throws -> Int {
        let deadline = Date().addingTimeInterval(120)
        while Date() < deadline {
            let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
            if let range = text.range(of: #"listening on http://127\.0\.0\.1:\d+"#, options: .regularExpression),
               let port = Int(text[range].split(separator: ":").last ?? "") {
                return port
            }
            guard process.isRunning else { throw Failure("stripe-sim exited:\n\(text)") }
            usleep(50_000)
        }
        throw Failure("stripe-sim did not start within 120 s")
    }

    /// Why the benchmark could not run.
    struct Failure: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }

    private struct WrkResult {
        let requestsPerSecond: Double
        let p99Milliseconds: String
    }

    private static func wrk(url: String, script: URL?, folder: URL) throws -> WrkResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/wrk")
        var arguments = ["-t2", "-c8", "-d5s", "--latency", "-H", "Authorization: Bearer sk_test_sim_default"]
        if let script { arguments += ["-s", script.path] }
        process.arguments = arguments + [url]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/wrk") else {
            throw Failure("wrk is missing; run make setup")
        }
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)
        guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix("Requests/sec:") }),
              let rate = Double(line.split(separator: " ").last ?? "") else {
            throw Failure("could not read wrk's output:\n\(text)")
        }
        if text.contains("Non-2xx or 3xx responses") { throw Failure("stripe-sim answered errors under load:\n\(text)") }
        let p99 = text.split(separator: "\n").first { $0.trimmingCharacters(in: .whitespaces).hasPrefix("99%") }
            .flatMap { $0.split(separator: " ").last }.map { milliseconds(String($0)) } ?? "?"
        return WrkResult(requestsPerSecond: rate, p99Milliseconds: p99)
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
