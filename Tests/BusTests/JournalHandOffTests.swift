@testable import Bus
import Foundation
import ProtoRuntime
import Support
import Synchronization
import Testing

/// The broker hands its encoded records to the journal thread without ever waiting for it, lifts the thread's idle
/// priority once it falls behind, and a close writes everything even while other threads keep every core busy.
@Suite(.serialized) struct JournalHandOffTests {
    private static func event(_ index: Int) -> JournalEntry {
        var event = Veles_Bus_V1_Event()
        event.eventId = String(format: "evt_%05d", index)
        event.workspaceId = "ws-hand-off"
        return .event(event, topic: "test.hand-off")
    }

    private static func journal(in directory: URL, tuning: (inout Journal.Tuning) -> Void = { _ in },
                                logSink: (@Sendable (String) -> Void)? = nil) throws -> Journal {
        var settings = Journal.Tuning()
        settings.collectIntervalMilliseconds = 1
        tuning(&settings)
        let configuration = JournalConfiguration(directory: directory.path, registry: MessageRegistry([]))
        return try Journal(configuration: configuration, logger: Logger(process: "bustests", level: .warning, sink: logSink ?? { _ in }),
                           tuning: settings)
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

    /// Polls `condition` for up to `limit`.
    private static func eventually(within limit: Duration = .seconds(5), _ condition: () throws -> Bool) rethrows -> Bool {
        let deadline = ContinuousClock.now + limit
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

    /// Keeps every core busy at normal priority (two spinning threads a core), so an idle-priority thread gets
    /// next to no CPU, until the returned stop is called.
    private static func occupyEveryCore() -> @Sendable () -> Void {
        let stop = Arc(Atomic<Bool>(false))
        for _ in 0..<(8 * ProcessInfo.processInfo.activeProcessorCount) {
            Thread.detachNewThread {
                var spins = 0
                while !stop.value.load(ordering: .relaxed) { spins &+= 1 }
                _ = spins
            }
        }
        usleep(20_000)
        return { stop.value.store(true, ordering: .relaxed) }
    }

    @Test func publishingNeverWaitsForAHeldSlotAndLosesNothing() throws {
        let directory = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let journal = try Self.journal(in: directory)
        nonisolated(unsafe) let appender = JournalAppender(journal: journal)
        let release = Self.holdSlot(of: journal)
        // On a thread of its own, so a publish that waited for the slot fails the test instead of hanging it.
        let published = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            for index in 0..<500 {
                appender.append(Self.event(index))
                appender.publish()
            }
            published.signal()
        }
        let finished = published.wait(timeout: .now() + 2) == .success
        #expect(finished, "publishing waited for the held slot")
        if !finished {
            release()
            published.wait()
        }
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
        let journal = try Self.journal(in: directory) {
            $0.liftBacklogBytes = 4096
            $0.liftAfter = .seconds(60)
            $0.caughtUpBytes = 1024
        }
        let appender = JournalAppender(journal: journal)
        defer { appender.close() }
        guard JournalThreadPriority.canLeaveIdle else {
            // Without the right to lift it again, the thread must never have lowered itself.
            #expect(Self.eventually { journal.threadPolicy == JournalThreadPriority.normalPolicy })
            return
        }
        #expect(Self.eventually { journal.threadPolicy == JournalThreadPriority.idlePolicy })
        let release = Self.holdSlot(of: journal)
        // About 50 bytes a record: under 4 KiB kept back changes nothing, past it the thread is lifted.
        for index in 0..<40 { appender.append(Self.event(index)) }
        appender.publish()
        #expect(journal.threadPolicy == JournalThreadPriority.idlePolicy)
        for index in 40..<300 { appender.append(Self.event(index)) }
        appender.publish()
        #expect(appender.waitingBytes > 4096)
        #expect(journal.threadPolicy == JournalThreadPriority.normalPolicy)
        release()
        #expect(try Self.eventually { appender.publish(); return try Self.eventIds(in: directory).count == 300 })
        #expect(Self.eventually { appender.publish(); return journal.threadPolicy == JournalThreadPriority.idlePolicy })
        #expect(try Self.eventIds(in: directory) == Self.expectedIds(300))
    }

    @Test func underFullLoadRecordsStillReachTheFileWithinASecond() throws {
        let directory = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        // Default tuning: a handful of records never comes near the byte limit, so only the time limit can help.
        let journal = try Self.journal(in: directory) { $0.collectIntervalMilliseconds = 5 }
        let appender = JournalAppender(journal: journal)
        defer { appender.close() }
        #expect(Self.eventually { journal.threadPolicy >= 0 })
        let stop = Self.occupyEveryCore()
        defer { stop() }
        for round in 0..<5 {
            for index in (round * 10)..<(round * 10 + 10) { appender.append(Self.event(index)) }
            let start = ContinuousClock.now
            let written = try Self.eventually(within: .seconds(3)) {
                appender.publish()
                return try Self.eventIds(in: directory).count == round * 10 + 10
            }
            let waited = ContinuousClock.now - start
            #expect(written && waited < .seconds(1), "round \(round): \(waited) before the records were written")
        }
        #expect(try Self.eventIds(in: directory) == Self.expectedIds(50))
    }

    @Test func underFullLoadClosingWritesEverythingPromptly() throws {
        for attempt in 0..<3 {
            let directory = Self.temporaryDirectory()
            defer { try? FileManager.default.removeItem(at: directory) }
            let journal = try Self.journal(in: directory)
            let appender = JournalAppender(journal: journal)
            // Closing at once catches a thread that has not lowered itself yet; after a while, one starved low.
            if attempt > 0 { #expect(Self.eventually { journal.threadPolicy >= 0 }) }
            let stop = Self.occupyEveryCore()
            defer { stop() }
            for index in 0..<2000 { appender.append(Self.event(index)) }
            appender.publish()
            if attempt == 2 { usleep(100_000) }
            let start = ContinuousClock.now
            appender.close()
            let took = ContinuousClock.now - start
            stop()
            #expect(took < .seconds(1), "attempt \(attempt): closing took \(took)")
            #expect(try Self.eventIds(in: directory) == Self.expectedIds(2000))
        }
    }

    @Test func pastItsCapacityTheBacklogDropsNewRecordsKeepsTheOldOnesAndSaysSo() throws {
        let directory = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let lines = Arc(Mutex<[String]>([]))
        let journal = try Self.journal(in: directory, tuning: { $0.capacityBytes = 2048 },
                                       logSink: { line in lines.value.withLock { $0.append(line) } })
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
        let reported = lines.value.withLock { $0 }.compactMap { line -> Int? in
            guard line.contains("records lost"), let field = line.split(separator: " ").first(where: { $0.hasPrefix("count=") }) else { return nil }
            return Int(field.dropFirst("count=".count))
        }
        #expect(reported.reduce(0, +) == 200 - written.count, "every dropped record is counted in the log: \(reported)")
    }

    /// The thread's voluntary context switches so far, from /proc.
    private static func wakeUps(of thread: Int32) throws -> Int {
        let status = try String(contentsOfFile: "/proc/self/task/\(thread)/status", encoding: .utf8)
        let line = try #require(status.split(separator: "\n").first { $0.hasPrefix("voluntary_ctxt_switches:") })
        return try #require(Int(line.split(separator: ":")[1].trimmingCharacters(in: .whitespaces)))
    }

    @Test func anIdleJournalDozesAndAHandOverWakesItAtOnce() throws {
        let directory = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let journal = try Self.journal(in: directory) { $0.collectIntervalMilliseconds = 5 }
        let appender = JournalAppender(journal: journal)
        defer { appender.close() }
        #expect(Self.eventually { journal.kernelThreadId != 0 })
        // A thread starved on a loaded machine takes a while to see 100 ms pass: measure once it dozes.
        #expect(Self.eventually(within: .seconds(10)) { journal.isDozing })
        let before = try Self.wakeUps(of: journal.kernelThreadId)
        usleep(1_000_000)
        let idleWakeUps = try Self.wakeUps(of: journal.kernelThreadId) - before
        // Looking every 5 ms would be 200 a second.
        #expect(idleWakeUps <= 5, "an idle journal thread woke \(idleWakeUps) times in a second")
        appender.append(Self.event(0))
        let start = ContinuousClock.now
        appender.publish()
        #expect(try Self.eventually(within: .seconds(2)) { try Self.eventIds(in: directory) == Self.expectedIds(1) })
        let took = ContinuousClock.now - start
        #expect(took < .milliseconds(500), "a dozing thread took \(took) to write a hand-over")
    }
}

/// A reference to share a non-copyable value between threads in these tests.
private final class Arc<Value: ~Copyable>: Sendable where Value: Sendable {
    let value: Value
    init(_ value: consuming Value) { self.value = value }
}
