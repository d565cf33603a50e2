import Foundation

/// Full catalog sync from stripe-sim (rate limit off) into an empty store: 20,000 products with 3 prices each
/// (per unit, tiered volume, one-time), run by the real `catalog-sync --sync-once` process against a real
/// `stripe-sim` process. Goal: at least 20,000 objects/s.
enum CatalogSyncBenchmark {
    static func run(products: Int = 20_000) throws {
        let binaries = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("catalog-bench-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let dataset = folder.appendingPathComponent("catalog-dataset.json")
        try writeDataset(products: products, to: dataset)

        let simLog = folder.appendingPathComponent("stripe-sim.log")
        let sim = try launch(binaries.appendingPathComponent("stripe-sim"),
                             ["--port", "0", "--no-rate-limit", "--dataset", dataset.path], log: simLog)
        defer { sim.terminate(); sim.waitUntilExit() }
        let port = try waitForPort(in: simLog, process: sim)

        let syncLog = folder.appendingPathComponent("catalog-sync.log")
        let sync = try launch(binaries.appendingPathComponent("catalog-sync"),
                              ["--sync-once", "--workspace", "bench", "--data-dir", folder.appendingPathComponent("data").path,
                               "--stripe-api-url", "http://127.0.0.1:\(port)", "--stripe-rate-limit", "off", "--log-level", "warning"],
                              log: syncLog, environment: ["VELES_STRIPE_API_KEY": "sk_test_sim_default"])
        sync.waitUntilExit()
        let output = (try? String(contentsOf: syncLog, encoding: .utf8)) ?? ""
        guard sync.terminationStatus == 0, let line = output.split(separator: "\n").last(where: { $0.hasPrefix("sync-once ") }) else {
            throw CatalogBenchmarkFailure("catalog-sync --sync-once failed (status \(sync.terminationStatus)):\n\(output)")
        }
        let fields = Dictionary(line.split(separator: " ").compactMap { pair -> (String, String)? in
            let parts = pair.split(separator: "=", maxSplits: 1)
            return parts.count == 2 ? (String(parts[0]), String(parts[1])) : nil
        }, uniquingKeysWith: { first, _ in first })
        let objects = Int(fields["objects"] ?? "") ?? 0
        let elapsedMs = Double(fields["elapsed_ms"] ?? "") ?? 0
        guard objects == products * 4, elapsedMs > 0 else {
            throw CatalogBenchmarkFailure("expected \(products * 4) objects, the run reported: \(line)")
        }
        let rate = Double(objects) / (elapsedMs / 1000)
        print("bench: catalog-sync.full objects_s=\(Int(rate)) objects=\(objects) products=\(products) prices=\(products * 3) "
              + "elapsed_ms=\(Int(elapsedMs)) pages=\(fields["pages"] ?? "?") rate_limit=off")
    }

    /// One stripe-sim ledger (first account, test mode) with the products and their prices.
    private static func writeDataset(products: Int, to url: URL) throws {
        var text = #"{"products": ["#
        text.reserveCapacity(products * 700)
        for index in 0..<products {
            if index > 0 { text += "," }
            text += #"{"id": "prod_bench\#(index)", "name": "Bench product \#(index)", "description": "Benchmark item", "created": \#(1_700_000_000 + index)}"#
        }
        text += #"], "prices": ["#
        for index in 0..<products {
            if index > 0 { text += "," }
            let created = 1_700_000_000 + index
            text += #"{"id": "price_bench\#(index)a", "product": "prod_bench\#(index)", "currency": "usd", "unit_amount": \#(1000 + index % 500), "billing_scheme": "per_unit", "type": "recurring", "recurring": {"interval": "month", "interval_count": 1, "usage_type": "licensed"}, "created": \#(created)},"#
            text += #"{"id": "price_bench\#(index)b", "product": "prod_bench\#(index)", "currency": "eur", "billing_scheme": "tiered", "tiers_mode": "volume", "tiers": [{"up_to": 10, "unit_amount": 900}, {"up_to": null, "unit_amount": 700}], "type": "recurring", "recurring": {"interval": "year", "interval_count": 1, "usage_type": "licensed"}, "created": \#(created)},"#
            text += #"{"id": "price_bench\#(index)c", "product": "prod_bench\#(index)", "currency": "usd", "unit_amount_decimal": "12.5", "billing_scheme": "per_unit", "type": "one_time", "created": \#(created)}"#
        }
        text += "]}"
        try Data(text.utf8).write(to: url)
    }

    private static func launch(_ executable: URL, _ arguments: [String], log: URL, environment: [String: String] = [:]) throws -> Process {
        guard FileManager.default.isExecutableFile(atPath: executable.path) else {
            throw CatalogBenchmarkFailure("\(executable.path) is missing; build every product first (swift build -c release)")
        }
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        let handle = try FileHandle(forWritingTo: log)
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        return process
    }

    private static func waitForPort(in log: URL, process: Process) throws -> Int {
        let deadline = Date().addingTimeInterval(120)
        while Date() < deadline {
            let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
            if let range = text.range(of: #"listening on http://127\.0\.0\.1:(\d+)"#, options: .regularExpression),
               let port = Int(text[range].split(separator: ":").last ?? "") {
                return port
            }
            guard process.isRunning else { throw CatalogBenchmarkFailure("stripe-sim exited:\n\(text)") }
            Thread.sleep(forTimeInterval: 0.05)
        }
        throw CatalogBenchmarkFailure("stripe-sim did not start within 120 s")
    }
}

/// Why a benchmark could not produce its figure.
struct CatalogBenchmarkFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
