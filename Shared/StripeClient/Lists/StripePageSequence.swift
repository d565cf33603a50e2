/// The pages of a Stripe list, fetched one at a time with `starting_after` (or `ending_before`) until `has_more` is false.
public struct StripePageSequence<Element: StripeIdentified>: AsyncSequence, Sendable {
    public typealias Fetch = @Sendable (_ cursor: StripeListCursor?) async throws -> StripeList<Element>

    let cursor: StripeListCursor?
    let fetch: Fetch

    public init(cursor: StripeListCursor?, fetch: @escaping Fetch) {
        self.cursor = cursor
        self.fetch = fetch
    }

    public func makeAsyncIterator() -> Iterator {
        Iterator(cursor: cursor, fetch: fetch)
    }

    /// Yields each page. Resuming after a page takes `.startingAfter` its last element's id when walking towards
    /// older objects, or `.endingBefore` its first element's id when walking towards newer ones.
    public struct Iterator: AsyncIteratorProtocol {
        var cursor: StripeListCursor?
        var finished = false
        let fetch: Fetch

        public mutating func next() async throws -> StripeList<Element>? {
            guard !finished else { return nil }
            let page = try await fetch(cursor)
            // An empty page with has_more would otherwise ask for the same page forever.
            if !page.hasMore || page.data.isEmpty { finished = true }
            cursor = StripeListCursor.next(from: cursor, after: page)
            return page
        }
    }
}
