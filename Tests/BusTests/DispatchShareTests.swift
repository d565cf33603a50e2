@testable import Bus
import Testing

/// How many waiting requests the broker gives the worker it picks: a burst of a quick service goes to one worker
/// (one wake-up for all of it), a slow service's requests spread one per worker.
@Suite struct DispatchShareTests {
    private static func waiting(_ count: Int) -> ServiceRecord {
        var record = ServiceRecord()
        let now = ContinuousClock.now
        for index in 0..<count {
            record.queue.append(PendingRequest(
                client: [1], requestId: "r\(index)", envelope: [], service: "svc", method: "/svc/M", idempotent: true,
                workspaceId: "", caller: "test", traceId: "", attempt: 1, responseType: "", receivedAt: now,
                deadline: now + .seconds(5)))
        }
        return record
    }

    @Test func aServiceNotYetTimedTakesOneRequestPerWorker() {
        let record = Self.waiting(6)
        #expect(!record.isQuick)
        #expect(record.share(freeSlots: 4) == 1)
        #expect(Self.waiting(0).share(freeSlots: 4) == 0)
    }

    @Test func aQuickServiceGivesTheChosenWorkerAsManyAsItHasRoomFor() {
        var record = Self.waiting(6)
        for _ in 0..<3 { record.recordTurnaround(.microseconds(300)) }
        #expect(record.isQuick)
        #expect(record.share(freeSlots: 4) == 4)
        #expect(record.share(freeSlots: 16) == 6)
        #expect(record.share(freeSlots: 1) == 1)
    }

    @Test func aServiceThatTurnsSlowSpreadsAgain() {
        var record = Self.waiting(6)
        record.recordTurnaround(.microseconds(200))
        #expect(record.isQuick)
        // A moving average: one slow answer among quick ones does not flip it, a run of them does.
        record.recordTurnaround(.milliseconds(3))
        #expect(record.isQuick)
        for _ in 0..<20 { record.recordTurnaround(.milliseconds(50)) }
        #expect(!record.isQuick)
        #expect(record.share(freeSlots: 4) == 1)
    }
}
