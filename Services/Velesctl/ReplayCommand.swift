import Bus
import Foundation
import ProtoRuntime

/// `velesctl bus replay`: re-sends recorded requests and reports, per request, whether the reply matches the
/// recorded one, with the differing fields when not. Requests an earlier replay sent are journaled like any other
/// but skipped unless asked for, so replaying a slice twice does not send its requests twice over.
struct ReplayCommand {
    enum Speed {
        case max
        case factor(Double)
    }

    let client: BusClient
    let journalDirectory: String
    let filter: RecordFilter
    let speed: Speed
    let dryRun: Bool
    let allowNonIdempotent: Bool
    /// Also re-send what earlier replays sent (`--include-replays`).
    let includeReplays: Bool
    let formatting: JournalFormatting

    static func parseSpeed(_ text: String) throws -> Speed {
        if text == "max" { return .max }
        let number = text.hasSuffix("x") ? String(text.dropLast()) : text
        guard let factor = Double(number), factor > 0 else { throw CLIError("--speed takes Nx (e.g. 2x) or max, got '\(text)'") }
        return .factor(factor)
    }

    /// Returns true when every replayed reply matched.
    func run() async throws -> Bool {
        let records = try JournalReader(directory: journalDirectory).records()
        var replies: [String: Veles_Bus_V1_JournalRecord] = [:]
        for record in records where record.direction == .reply && replies[record.requestId] == nil {
            replies[record.requestId] = record
        }
        var seen = Set<String>()
        let requests = records.filter { $0.direction == .request && filter.matches($0) && seen.insert($0.requestId).inserted }
        var matched = 0, differed = 0, skipped = 0, replays = 0
        var previousAt: Int64?
        for request in requests {
            // Not one line each: after a few replays they would outnumber the requests the operator asked about.
            guard includeReplays || !ReplayMark.isReplay(request) else {
                replays += 1
                continue
            }
            let label = "\(request.requestId) \(request.method)"
            guard request.idempotent || allowNonIdempotent else {
                print("skip \(label): not idempotent (pass --allow-non-idempotent to send it anyway)")
                skipped += 1
                continue
            }
            guard !request.payloadOmitted else {
                print("skip \(label): its payload type was unknown to the broker, so the journal holds no payload")
                skipped += 1
                continue
            }
            guard let recorded = replies[request.requestId] else {
                print("skip \(label): no recorded reply")
                skipped += 1
                continue
            }
            if case .factor(let factor) = speed, let previousAt, request.atMs > previousAt {
                try await Task.sleep(for: .milliseconds(Int64(Double(request.atMs - previousAt) / factor)))
            }
            previousAt = request.atMs
            if dryRun {
                print("would send \(label) \(formatting.line(for: request))")
                continue
            }
            let differences = await replay(request, recorded: recorded)
            if differences.isEmpty {
                print("match \(label)")
                matched += 1
            } else {
                print("MISMATCH \(label)")
                for line in differences { print("  \(line)") }
                differed += 1
            }
        }
        var summary = "replayed \(matched + differed) of \(requests.count): \(matched) match, \(differed) differ, \(skipped + replays) skipped"
        if replays > 0 { summary += " (\(replays) sent by an earlier replay; --include-replays sends them too)" }
        print(summary)
        return differed == 0
    }

    private func replay(_ request: Veles_Bus_V1_JournalRecord, recorded: Veles_Bus_V1_JournalRecord) async -> [String] {
        let path = request.method.split(separator: "/", omittingEmptySubsequences: true)
        guard path.count == 2 else { return ["method path \(request.method) cannot be read"] }
        let known = ServiceCatalog.all.method(path: request.method)
        let method = MethodDescriptor(
            service: String(path[0]), name: String(path[1]), idempotent: request.idempotent, isInternal: known?.isInternal ?? false,
            requestType: request.payloadType, responseType: known?.responseType ?? recorded.payloadType
        )
        let timeout: Duration? = request.timeoutMs > 0 ? .milliseconds(request.timeoutMs) : nil
        var status = Veles_Bus_V1_StatusCode.ok
        var message = ""
        var payload: [UInt8] = []
        do {
            payload = try await client.unary(method: method, request: request.payload,
                                             options: CallOptions(timeout: timeout, workspaceId: request.workspaceId,
                                                                 traceId: ReplayMark.traceId(replaying: request)))
        } catch {
            let failure = RPCError(from: error)
            status = failure.code
            message = failure.message
        }
        guard status == recorded.status else {
            return ["status: recorded \(recorded.status.statusName), replayed \(status.statusName)" + (message.isEmpty ? "" : " (\(message))")]
        }
        guard status == .ok else { return [] }
        var replayed = recorded
        replayed.payload = payload
        let recordedObject = formatting.payloadObject(recorded)
        let replayedObject = formatting.payloadObject(replayed)
        if recordedObject == nil, replayedObject == nil, recorded.payload != payload {
            return ["payload bytes differ (type \(method.responseType) unknown to velesctl)"]
        }
        return JSONDiff.differences(recorded: recordedObject, replayed: replayedObject)
    }
}
