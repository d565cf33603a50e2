/// Every object of a Stripe list, in Stripe's order (newest first), fetched a page at a time as it is consumed.
public struct StripeListSequence<Element: StripeIdentified>: AsyncSequence, Sendable {
    public let pages: StripePageSequence<Element>

    public init(pages: StripePageSequence<Element>) {
        self.pages = pages
    }

    public func makeAsyncIterator() -> Iterator {
        Iterator(pages: pages.makeAsyncIterator())
    }

    /// Reads the whole list into memory; for small lists only (an invoice's lines, webhook endpoints).
    public func collect() async throws -> [Element] {
        var all: [Element] = []
        for try await element in self { all.append(element) }
        return all
    }

    /// Walks the current page, fetching the next one when it runs out.
    public struct Iterator: AsyncIteratorProtocol {
        var pages: StripePageSequence<Element>.Iterator
        var buffer: [Element] = []
        var index = 0

        public mutating func next() async throws -> Element? {
            while index >= buffer.count {
                guard let page = try await pages.next() else { return nil }
                buffer = page.data
                index = 0
            }
            defer { index += 1 }
            return buffer[index]
        }
    }
}
