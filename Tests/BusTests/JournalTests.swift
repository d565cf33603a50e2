import Bus
import Foundation
import ProtoRuntime
import Testing
import TestSupport

extension BusIntegrationTests {
    static let stripeKey = "sk_test_51JournalSecretKeyDoNotStore4242"

    /// Every byte of every journal file, for searching.
    static func journalBytes(_ directory: String) throws -> [UInt8] {
        try JournalFiles.list(in: directory).flatMap { [UInt8](try Data(contentsOf: $0)) }
    }

    /// Waits until the journal holds the reply of a call to `method`: the broker writes it on a thread of its own,
    /// at idle priority where it can, so on a busy machine records land a little after the calls return.
    static func waitForJournal(_ bus: BusHarness, replyTo method: String, timeout: Duration = .seconds(10)) async throws {
        let deadline = ContinuousClock.now + timeout
        while try !JournalReader(directory: bus.journalDirectory).records().contains(where: { $0.direction == .reply && $0.method.hasSuffix("/\(method)") }) {
            guard ContinuousClock.now < deadline else {
                Issue.record("the journal had no reply to \(method) within \(timeout)")
                return
            }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    static func contains(_ haystack: [UInt8], _ needle: String) -> Bool {
        let pattern = Array(needle.utf8)
        guard pattern.count <= haystack.count else { return false }
        return (0...(haystack.count - pattern.count)).contains { start in haystack[start..<(start + pattern.count)].elementsEqual(pattern) }
    }

    @Test func journalKeepsMarkersButNeverSecrets() async throws {
        let bus = try BusHarness()
        try await bus.startBroker(journal: true)
        try bus.startWorker("scribe")
        try await bus.waitForWorkers(1)
        let client = try bus.client()
        let reply = try await Test(channel: client).echo(Self.echo("plain-marker-7f3a", apiKey: Self.stripeKey),
                                                         options: CallOptions(workspaceId: "ws-journal"))
        #expect(reply.apiKey == Self.stripeKey)
        var notice = Veles_Bustest_V1_Notice()
        notice.text = "event-marker-91c2"
        notice.apiKey = Self.stripeKey
        client.publish(topic: "test.notice", notice)
        try await Task.sleep(for: .milliseconds(300))
        bus.broker?.stop()
        let bytes = try Self.journalBytes(bus.journalDirectory)
        let markerFound = Self.contains(bytes, "plain-marker-7f3a")
        let eventMarkerFound = Self.contains(bytes, "event-marker-91c2")
        let secretFound = Self.contains(bytes, Self.stripeKey)
        let secretPartFound = Self.contains(bytes, "DoNotStore")
        #expect(markerFound, "the search found no plain marker, so it proves nothing")
        #expect(eventMarkerFound)
        #expect(!secretFound, "the Stripe key was written to the journal")
        #expect(!secretPartFound, "part of the Stripe key was written to the journal")
        let records = try JournalReader(directory: bus.journalDirectory).records()
        let request = try #require(records.first { $0.direction == .request && $0.method.hasSuffix("/Echo") })
        #expect(request.workspaceId == "ws-journal")
        #expect(request.caller == "bustests")
        #expect(request.idempotent)
        let answer = try #require(records.first { $0.direction == .reply && $0.requestId == request.requestId })
        #expect(answer.status == .ok)
        #expect(answer.durationUs > 0)
        #expect(records.contains { $0.direction == .event && $0.topic == "test.notice" })
    }

    @Test func journalRotatesBySizeAndKeepsTheNewestFiles() async throws {
        let bus = try BusHarness()
        try await bus.startBroker(journal: true, extra: ["--journal-max-file-mb", "1", "--journal-max-files", "3"])
        try bus.startWorker("rotor", concurrency: 8)
        try await bus.waitForWorkers(1)
        let client = Test(channel: try bus.client())
        var request = Self.echo("bulk")
        request.blob = [UInt8](repeating: 7, count: 64 * 1024)
        for _ in 0..<80 { _ = try await client.echo(request) }
        // Stopping the broker writes all it holds; rotation has then had its last say.
        bus.broker?.stop()
        let files = JournalFiles.list(in: bus.journalDirectory)
        #expect(files.count == 3)
        for file in files.dropLast() {
            let size = try #require(try FileManager.default.attributesOfItem(atPath: file.path)[.size] as? Int)
            // A file is closed before a write would take it past the limit, and writes come in slices of 64 KiB at most
            // (a 64 KiB record goes alone).
            #expect(size <= 1024 * 1024 && size >= 512 * 1024)
        }
    }

    @Test func replayReproducesIdempotentRepliesAndShowsDifferences() async throws {
        let bus = try BusHarness()
        try await bus.startBroker(journal: true)
        let first = try bus.startWorker("replay-a")
        try await bus.waitForWorkers(1)
        for text in ["one", "two", "three"] {
            let (status, output) = try bus.velesctl(["call", "BusTest", "Echo", #"{"text": "\#(text)", "api_key": "\#(Self.stripeKey)"}"#])
            #expect(status == 0, "\(output)")
            #expect(output.contains("\"text\""))
            #expect(!output.contains(Self.stripeKey), "velesctl printed a secret: \(output)")
        }
        let (onceStatus, _) = try bus.velesctl(["call", "BusTest", "SleepOnce", #"{"sleep_ms": 1, "label": "x"}"#])
        #expect(onceStatus == 0)
        try await Self.waitForJournal(bus, replyTo: "SleepOnce")

        let (status, output) = try bus.velesctl(["bus", "replay", "--service", "BusTest"])
        #expect(status == 0, "\(output)")
        #expect(output.split(separator: "\n").filter { $0.hasPrefix("match ") }.count == 3, "\(output)")
        #expect(output.contains("skip") && output.contains("not idempotent"))
        #expect(output.contains("3 match, 0 differ, 1 skipped"))

        first.stop()
        try bus.startWorker("replay-b")
        try await bus.waitForWorkers(1)
        let (changedStatus, changed) = try bus.velesctl(["bus", "replay", "--method", "Echo"])
        #expect(changedStatus == 1)
        #expect(changed.contains("MISMATCH"))
        #expect(changed.contains("worker: recorded \"replay-a\", replayed \"replay-b\""), "\(changed)")
        let (dryStatus, dry) = try bus.velesctl(["bus", "replay", "--method", "SleepOnce", "--allow-non-idempotent", "--dry-run"])
        #expect(dryStatus == 0)
        #expect(dry.contains("would send"))
    }

    @Test func tailPrintsDecodedRecordsWithSecretsRedacted() async throws {
        let bus = try BusHarness()
        try await bus.startBroker(journal: true)
        try bus.startWorker("tailed")
        try await bus.waitForWorkers(1)
        _ = try await Test(channel: try bus.client()).echo(Self.echo("tail-marker", apiKey: Self.stripeKey))
        try await Self.waitForJournal(bus, replyTo: "Echo")
        let tail = Process()
        tail.executableURL = TestPaths.executable("velesctl")
        tail.arguments = ["--journal-dir", bus.journalDirectory, "bus", "tail", "--from-start", "--method", "Echo"]
        let pipe = Pipe()
        tail.standardOutput = pipe
        try tail.run()
        try await Task.sleep(for: .milliseconds(700))
        tail.terminate()
        tail.waitUntilExit()
        let lines = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).split(separator: "\n")
        #expect(lines.count == 2, "\(lines)")
        let objects = try lines.map { try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]) }
        #expect(objects.map { $0["direction"] as? String } == ["request", "reply"])
        let payload = try #require(objects[0]["payload"] as? [String: Any])
        #expect(payload["text"] as? String == "tail-marker")
        #expect(!lines.joined().contains(Self.stripeKey))
    }
}
