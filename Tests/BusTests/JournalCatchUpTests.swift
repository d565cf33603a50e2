@testable import Bus
import Foundation
import ProtoRuntime
import Support
import Testing

/// The journal thread runs at idle priority; when it falls behind, the thread appending (the broker's) writes the
/// backlog itself, in order.
@Suite struct JournalCatchUpTests {
    private static func event(_ index: Int) -> JournalEntry {
        var event = Veles_Bus_V1_Event()
        event.eventId = String(format: "evt_%05d", index)
        event.workspaceId = "ws-catch-up"
        return .event(event, topic: "test.catch-up")
    }

    /// A journal whose own thread sleeps for a minute, so only a catch-up can write before `close()`.
    private static func sleepyJournal(in directory: URL, backlogLimitBytes: Int) throws -> Journal {
        let configuration = JournalConfiguration(directory: directory.path, registry: MessageRegistry([]))
        return try Journal(configuration: configuration, logger: Logger(process: "bustests", level: .warning),
                           collectIntervalMilliseconds: 60_000, backlogLimitBytes: backlogLimitBytes)
    }

    private static func eventIds(in directory: URL) throws -> [String] {
        try JournalReader(directory: directory.path).records().map(\.requestId)
    }

    @Test func aBacklogPastItsLimitIsWrittenByTheAppendingThreadInOrder() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("journal-catch-up-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let journal = try Self.sleepyJournal(in: directory, backlogLimitBytes: 4096)
        for index in 0..<300 { journal.append(Self.event(index)) }
        let written = try Self.eventIds(in: directory)
        // Each record is about 50 bytes: the limit is passed several times over 300 of them.
        #expect(written.count >= 200)
        #expect(written == (0..<written.count).map { String(format: "evt_%05d", $0) })
        journal.close()
        #expect(try Self.eventIds(in: directory) == (0..<300).map { String(format: "evt_%05d", $0) })
    }

    @Test func aBacklogUnderItsLimitWaitsForTheJournalThread() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("journal-catch-up-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let journal = try Self.sleepyJournal(in: directory, backlogLimitBytes: 8 * 1024 * 1024)
        for index in 0..<300 { journal.append(Self.event(index)) }
        #expect(try Self.eventIds(in: directory).isEmpty)
        journal.close()
        #expect(try Self.eventIds(in: directory).count == 300)
    }
}
