/// The pages of a Stripe list, fetched one at a time with `starting_after` until `has_more` is false.
public struct StripePageSequence<Element: StripeIdentified>: AsyncSequence, Sendable {
    public typealias Fetch = @Sendable (_ startingAfter: String?) async throws -> StripeList<Element>

    let startingAfter: String?
    let fetch: Fetch

    public init(startingAfter: String?, fetch: @escaping Fetch) {
        self.startingAfter = startingAfter
        self.fetch = fetch
    }

    public func makeAsyncIterator() -> Iterator {
        Iterator(cursor: startingAfter, fetch: fetch)
    }

    /// Yields each page; the cursor for resuming after a page is the id of its last element.
    public struct Iterator: AsyncIteratorProtocol {
        var cursor: String?
        var finished = false
        let fetch: Fetch

        public mutating func next() async throws -> StripeList<Element>? {
            guard !finished else { return nil }
            let page = try await fetch(cursor)
            // An empty page with has_more would otherwise ask for the same page forever.
            if !page.hasMore || page.data.isEmpty { finished = true }
            cursor = page.data.last?.id ?? cursor
            return page
        }
    }
}
