import Synchronization
import Testing
@testable import SyncEngine

/// The hand-off between a sync's page reader and its storer: bounded, everything waiting taken at once, a reader's
/// failure seen before its unstored pages, and a reader never left waiting once the storer has gone.
@Suite struct ReadAheadBufferTests {
    struct ReaderFailed: Error {}

    @Test func theStorerTakesEveryWaitingPageAtOnceAndTheReaderWaitsWhenFull() async throws {
        let buffer = ReadAheadBuffer<Int>(capacity: 3)
        let handedOver = Mutex(0)
        let reader = Task {
            for page in 1...7 {
                guard await buffer.put(page) else { return }
                handedOver.withLock { $0 = page }
            }
            await buffer.finish()
        }
        // The reader fills the buffer, then waits for room.
        while handedOver.withLock({ $0 }) < 3 { try await Task.sleep(for: .milliseconds(5)) }
        try await Task.sleep(for: .milliseconds(50))
        #expect(handedOver.withLock { $0 } == 3)
        var taken: [[Int]] = [try await buffer.takeAll()]
        #expect(taken[0] == [1, 2, 3])
        while true {
            let pages = try await buffer.takeAll()
            if pages.isEmpty { break }
            #expect(pages.count <= 3)
            taken.append(pages)
        }
        #expect(taken.flatMap { $0 } == Array(1...7))
        await reader.value
    }

    @Test func aReadersFailureComesBeforeThePagesItLeftWaiting() async throws {
        let buffer = ReadAheadBuffer<Int>(capacity: 4)
        #expect(await buffer.put(1))
        await buffer.fail(ReaderFailed())
        await #expect(throws: ReaderFailed.self) { try await buffer.takeAll() }
    }

    @Test func closingReleasesAReaderWaitingForRoom() async throws {
        let buffer = ReadAheadBuffer<Int>(capacity: 1)
        #expect(await buffer.put(1))
        let waiting = Task { await buffer.put(2) }
        try await Task.sleep(for: .milliseconds(20))
        await buffer.close()
        #expect(await waiting.value == false)
        #expect(await buffer.put(3) == false)
    }
}
