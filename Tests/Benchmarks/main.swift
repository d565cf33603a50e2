// veles-bench: runs every benchmark group, or only those named on the command line (`veles-bench proto`).
// Each group lives in its own file; add a line to `groups` for a new one.
import Foundation

let groups: [(name: String, run: () throws -> Void)] = [
    ("bus", { try BusBenchmark.run() }),
    ("matching", { try MatchingBenchmark.run() }),
    ("proto", { try ProtoBenchmark.run() }),
    ("stripe-sim", { try StripeSimBenchmark.run() }),
    ("gateway", { try GatewayBenchmark.run() }),
    ("catalog", { try CatalogSyncBenchmark.run() }),
    ("customer-sync", { try CustomerSyncBenchmark.run() }),
]

let requested = Set(CommandLine.arguments.dropFirst())
let unknown = requested.subtracting(groups.map(\.name))
guard unknown.isEmpty else {
    FileHandle.standardError.write(Data("unknown benchmark group(s): \(unknown.sorted().joined(separator: ", ")); known: \(groups.map(\.name).joined(separator: ", "))\n".utf8))
    exit(2)
}
for group in groups where requested.isEmpty || requested.contains(group.name) {
    do {
        try group.run()
    } catch {
        FileHandle.standardError.write(Data("benchmark \(group.name) failed: \(error)\n".utf8))
        exit(1)
    }
}
