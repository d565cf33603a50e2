// veles-bench: runs every benchmark group, or only those named on the command line (`veles-bench proto`).
// Each group lives in its own file; add a line to `groups` for a new one.
import Bus
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

// The bus benchmark starts this executable again as the far end of its raw libzmq round trip.
if CommandLine.arguments.count == 3, CommandLine.arguments[1] == RawRoundTrip.serverFlag {
    guard let context = try? ZMQContext() else { exit(1) }
    RawRoundTrip.serve(endpoint: CommandLine.arguments[2], context: context)
    exit(0)
}

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
