@testable import Bus
import Foundation
import ProtoRuntime
import Support
import Testing

/// The broker hands its encoded records to the journal thread without ever waiting for it, and lifts the thread's
/// idle priority once it falls behind.
@Suite(.serialized) struct JournalHandOffTests {
    private static func event(_ index: Int) -> JournalEntry {
        var event = Veles_Bus_V1_Event()
        event.eventId = String(format: "evt_%05d", index)
        event.workspaceId = "ws-hand-off"
        return .event(event, topic: "test.hand-off")
    }

    private static func journal(in directory: URL, liftBacklogBytes: Int = 8 * 1024 * 1024,
                                capacityBytes: Int = 64 * 1024 * 1024) throws -> Journal {
        var tuning = Journal.Tuning()
        tuning.capacityBytes = capacityBytes
        tuning.collectIntervalMilliseconds = 1
        tuning.liftBacklogBytes = liftBacklogBytes
        tuning.caughtUpBytes = 1024
        let configuration = JournalConfiguration(directory: directory.path, registry: MessageRegistry([]))
        return try Journal(configuration: configuration, logger: Logger(process: "bustests", level: .error), tuning: tuning)
    }

    private static func temporaryDirectory() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("journal-hand-off-\(UUID().uuidString)")
    }

    private static func eventIds(in directory: URL) throws -> [String] {
        try JournalReader(directory: directory.path).records().map(\.requestId)
    }

    private static func expectedIds(_ count: Int) -> [String] {
        (0..<count).map { String(format: "evt_%05d", $0) }
    }

    /// Polls `condition` for up to five seconds.
    private static func eventually(_ condition: () throws -> Bool) rethrows -> Bool {
        let deadline = ContinuousClock.now + .seconds(5)
        while ContinuousClock.now < deadline {
            if try condition() { return true }
            usleep(2000)
        }
        return try condition()
    }

    /// Holds the journal's hand-over slot from another thread, as a journal thread starved inside it would, until
    /// the returned release is called.
    private static func holdSlot(of journal: Journal) -> @Sendable () -> Void {
        let held = DispatchSemaphore(value: 0)
        let release = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            journal.withHandOffHeld {
                held.signal()
                release.wait()
            }
        }
        held.wait()
        return { release.signal() }
    }

    @Test func publishingNeverWaitsForAHeldSlotAndLosesNothing() throws {
        let directory = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let journal = try Self.journal(in: directory)
        let appender = JournalAppender(journal: journal)
        let release = Self.holdSlot(of: journal)
        let start = ContinuousClock.now
        for index in 0..<500 {
            appender.append(Self.event(index))
            appender.publish()
        }
        let elapsed = ContinuousClock.now - start
        #expect(elapsed < .seconds(1), "publishing waited for the held slot: \(elapsed)")
        #expect(appender.waitingBytes > 0, "the records were kept back while the slot was held")
        #expect(try Self.eventIds(in: directory).isEmpty)
        release()
        #expect(try Self.eventually { appender.publish(); return try Self.eventIds(in: directory).count == 500 })
        #expect(try Self.eventIds(in: directory) == Self.expectedIds(500))
        appender.close()
        #expect(try Self.eventIds(in: directory) == Self.expectedIds(500))
    }

    @Test func closingWritesWhatTheBrokerStillHeld() throws {
        let directory = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let journal = try Self.journal(in: directory)
        let appender = JournalAppender(journal: journal)
        for index in 0..<40 { appender.append(Self.event(index)) }
        appender.publish()
        for index in 40..<70 { appender.append(Self.event(index)) }
        appender.close()
        #expect(try Self.eventIds(in: directory) == Self.expectedIds(70))
    }

    @Test func aThreadThatFallsBehindIsLiftedToNormalPriorityUntilItCatchesUp() throws {
        let directory = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let journal = try Self.journal(in: directory, liftBacklogBytes: 4096)
        let appender = JournalAppender(journal: journal)
        defer { appender.close() }
        guard JournalThreadPriority.canLeaveIdle else {
            // Without the right to lift it again, the thread must never have lowered itself.
            #expect(Self.eventually { journal.threadPolicy == JournalThreadPriority.normalPolicy })
            return
        }
        #expect(Self.eventually { journal.threadPolicy == JournalThreadPriority.idlePolicy })
        let release = Self.holdSlot(of: journal)
        // About 50 bytes a record: 40 of them fill the slot, then the broker holds back past 4 KiB.
        for index in 0..<40 { appender.append(Self.event(index)) }
        appender.publish()
        for index in 40..<300 { appender.append(Self.event(index)) }
        appender.publish()
        #expect(appender.waitingBytes > 4096)
        #expect(journal.threadPolicy == JournalThreadPriority.normalPolicy)
        release()
        #expect(try Self.eventually { appender.publish(); return try Self.eventIds(in: directory).count == 300 })
        #expect(Self.eventually { appender.publish(); return journal.threadPolicy == JournalThreadPriority.idlePolicy })
        #expect(try Self.eventIds(in: directory) == Self.expectedIds(300))
    }

    @Test func pastItsCapacityTheBacklogDropsNewRecordsAndKeepsTheOldOnes() throws {
        let directory = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let journal = try Self.journal(in: directory, capacityBytes: 2048)
        let appender = JournalAppender(journal: journal)
        let release = Self.holdSlot(of: journal)
        for index in 0..<200 { appender.append(Self.event(index)) }
        appender.publish()
        let kept = appender.waitingBytes
        #expect(kept >= 2048 && kept < 2200, "the backlog stops just past its capacity: \(kept)")
        release()
        appender.close()
        let written = try Self.eventIds(in: directory)
        #expect(written.count > 20 && written.count < 200)
        #expect(written == Self.expectedIds(written.count), "the oldest records are the ones kept")
    }
}
