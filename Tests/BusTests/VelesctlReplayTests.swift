import Bus
import Foundation
import Testing
import TestSupport

extension BusIntegrationTests {
    /// Waits until the journal holds `count` replies to `method`.
    static func waitForJournal(_ bus: BusHarness, replies count: Int, to method: String,
                               timeout: Duration = .seconds(10)) async throws {
        let deadline = ContinuousClock.now + timeout
        var seen = 0
        while ContinuousClock.now < deadline {
            seen = try JournalReader(directory: bus.journalDirectory).records()
                .filter { $0.direction == .reply && $0.method.hasSuffix("/\(method)") }.count
            if seen >= count { return }
            try await Task.sleep(for: .milliseconds(20))
        }
        Issue.record("the journal had \(seen) replies to \(method) within \(timeout), expected \(count)")
    }

    /// What a replay sends is journaled like any request, but a second replay of the same slice skips it (and the
    /// calls a worker made while serving it), so the count does not double with each replay.
    @Test func replaySkipsWhatAnEarlierReplaySentUnlessAskedTo() async throws {
        let bus = try BusHarness()
        try await bus.startBroker(journal: true)
        try bus.startWorker("replayed")
        try await bus.waitForWorkers(1)
        for text in ["one", "two"] {
            let (status, output) = try bus.velesctl(["call", "BusTest", "Echo", #"{"text": "\#(text)"}"#])
            #expect(status == 0, "\(output)")
        }
        let (nestedStatus, nestedOutput) = try bus.velesctl(["call", "BusTest", "Nested", #"{"sleep_ms": 1}"#])
        #expect(nestedStatus == 0, "\(nestedOutput)")
        try await Self.waitForJournal(bus, replies: 1, to: "Nested")

        let (firstStatus, first) = try bus.velesctl(["bus", "replay", "--method", "Echo"])
        #expect(firstStatus == 0, "\(first)")
        #expect(first.contains("replayed 2 of 2: 2 match, 0 differ, 0 skipped\n"), "\(first)")
        // Nested's reply holds its trace id, so it differs; what matters is the Sleep it calls while replayed.
        _ = try bus.velesctl(["bus", "replay", "--method", "Nested"])
        try await Self.waitForJournal(bus, replies: 4, to: "Echo")
        try await Self.waitForJournal(bus, replies: 2, to: "Sleep")
        let echoes = try JournalReader(directory: bus.journalDirectory).records()
            .filter { $0.direction == .request && $0.method.hasSuffix("/Echo") }
        #expect(echoes.count == 4, "the journal keeps what a replay sends")

        let (secondStatus, second) = try bus.velesctl(["bus", "replay", "--method", "Echo"])
        #expect(secondStatus == 0, "\(second)")
        #expect(second.contains("replayed 2 of 4: 2 match, 0 differ, 2 skipped (2 sent by an earlier replay; --include-replays sends them too)"),
                "\(second)")

        let (_, sleeps) = try bus.velesctl(["bus", "replay", "--method", "Sleep"])
        #expect(sleeps.contains("replayed 1 of 2: "), "the Sleep a replayed Nested called is a replay's too: \(sleeps)")
        #expect(sleeps.contains("1 skipped (1 sent by an earlier replay"), "\(sleeps)")

        try await Self.waitForJournal(bus, replies: 6, to: "Echo")
        let (allStatus, all) = try bus.velesctl(["bus", "replay", "--method", "Echo", "--include-replays"])
        #expect(allStatus == 0, "\(all)")
        #expect(all.contains("replayed 6 of 6: 6 match, 0 differ, 0 skipped\n"), "\(all)")
    }
}
