/// A bounded hand-off from one task reading pages ahead to one task storing them.
///
/// The reader waits while `capacity` pages are waiting; the storer takes every waiting page at once. When storing is
/// the slower side, several pages then share one transaction (fewer commits, each index page written once for them
/// all); when Stripe is the slower side, each page is stored as soon as it arrives. Memory stays within `capacity`
/// pages whatever the account's size.
public actor ReadAheadBuffer<Page: Sendable> {
    private let capacity: Int
    private var waiting: [Page] = []
    private var finished = false
    private var failure: (any Error)?
    private var closed = false
    private var taker: CheckedContinuation<Void, Never>?
    private var putter: CheckedContinuation<Void, Never>?

    public init(capacity: Int) {
        self.capacity = max(1, capacity)
    }

    /// Hands a page over, waiting while the buffer is full; false once the storer has gone (the reader then stops).
    public func put(_ page: Page) async -> Bool {
        while waiting.count >= capacity, !closed {
            await withCheckedContinuation { putter = $0 }
        }
        guard !closed else { return false }
        waiting.append(page)
        wakeTaker()
        return true
    }

    /// The reader has handed over its last page.
    public func finish() {
        finished = true
        wakeTaker()
    }

    /// The reader stopped on `error`; the storer sees it on its next take, before any page still waiting (those were
    /// read, but the run is stopping: their cursor is not moved, so a later run reads them again).
    public func fail(_ error: any Error) {
        if failure == nil { failure = error }
        wakeTaker()
    }

    /// Every waiting page, oldest first, once there is at least one; empty when the reader has finished.
    public func takeAll() async throws -> [Page] {
        while waiting.isEmpty, !finished, failure == nil {
            await withCheckedContinuation { taker = $0 }
        }
        if let failure { throw failure }
        let pages = waiting
        waiting = []
        wakePutter()
        return pages
    }

    /// The storer has stopped: a reader waiting for room is released and told to stop.
    public func close() {
        closed = true
        waiting = []
        wakePutter()
    }

    private func wakeTaker() {
        taker?.resume()
        taker = nil
    }

    private func wakePutter() {
        putter?.resume()
        putter = nil
    }
}
