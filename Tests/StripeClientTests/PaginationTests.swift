import Foundation
import Testing
@testable import StripeClient

/// Serves a list endpoint from an in-memory array the way Stripe pages it: `limit`, `starting_after`, `has_more`.
private func pagedList(ids: [String], objectJSON: @escaping @Sendable (String) -> String) -> @Sendable (StripeHTTPRequest) -> ScriptedTransport.Reply {
    { request in
        let items = URLComponents(url: request.url, resolvingAgainstBaseURL: false)?.queryItems ?? []
        let limit = items.first { $0.name == "limit" }?.value.flatMap(Int.init) ?? 10
        let after = items.first { $0.name == "starting_after" }?.value
        let before = items.first { $0.name == "ending_before" }?.value
        let page: [String]
        let hasMore: Bool
        if let before, let end = ids.firstIndex(of: before) {
            // The `limit` objects just newer than the cursor, still newest first.
            page = Array(ids[max(0, end - limit)..<end])
            hasMore = end - limit > 0
        } else {
            let start = after.flatMap { ids.firstIndex(of: $0).map { $0 + 1 } } ?? 0
            page = Array(ids[start..<min(start + limit, ids.count)])
            hasMore = start + page.count < ids.count
        }
        let data = page.map(objectJSON).joined(separator: ",")
        return .json(200, #"{"object": "list", "url": "/v1/x", "has_more": \#(hasMore), "data": [\#(data)]}"#)
    }
}

private func query(_ request: StripeHTTPRequest, _ name: String) -> String? {
    URLComponents(url: request.url, resolvingAgainstBaseURL: false)?.queryItems?.first { $0.name == name }?.value
}

@Suite("Pagination to the end")
struct PaginationTests {
    static let ids = (0..<250).map { String(format: "cus_%04d", 249 - $0) }

    @Test func listIteratesEveryPageWithLimit100AndStartingAfter() async throws {
        let transport = ScriptedTransport([], fallback: pagedList(ids: Self.ids) { #"{"id": "\#($0)", "object": "customer"}"# })
        let client = try StripeClient.scripted(transport)
        let seen = try await client.listCustomers(StripeListFilter(email: "x@y.com")).collect().map(\.id)
        #expect(seen == Self.ids)
        #expect(transport.requests.count == 3)
        #expect(transport.requests.allSatisfy { query($0, "limit") == "100" && query($0, "email") == "x@y.com" })
        #expect(transport.requests.map { query($0, "starting_after") } == [nil, "cus_0150", "cus_0050"])
    }

    @Test func pagesResumeFromAStoredCursor() async throws {
        let transport = ScriptedTransport([], fallback: pagedList(ids: Self.ids) { #"{"id": "\#($0)", "object": "customer"}"# })
        let client = try StripeClient.scripted(transport)
        var counts: [Int] = []
        for try await page in client.pages("/v1/customers", filter: StripeListFilter(startingAfter: "cus_0150"), as: StripeCustomer.self) {
            counts.append(page.data.count)
        }
        #expect(counts == [100, 50])
        #expect(query(transport.requests[0], "starting_after") == "cus_0150")
    }

    @Test func endingBeforeWalksTowardsNewerObjects() async throws {
        let transport = ScriptedTransport([], fallback: pagedList(ids: Self.ids) { #"{"id": "\#($0)", "object": "customer"}"# })
        let client = try StripeClient.scripted(transport)
        var pages: [[String]] = []
        for try await page in client.pages("/v1/customers", filter: StripeListFilter(endingBefore: "cus_0100"), as: StripeCustomer.self) {
            pages.append(page.data.map(\.id))
        }
        #expect(pages.map(\.count) == [100, 49])
        #expect(pages[0].first == "cus_0200" && pages[0].last == "cus_0101")
        #expect(pages[1].first == "cus_0249" && pages[1].last == "cus_0201")
        #expect(transport.requests.map { query($0, "ending_before") } == ["cus_0100", "cus_0200"])
        #expect(transport.requests.allSatisfy { query($0, "starting_after") == nil })
    }

    @Test func emptyPageClaimingMoreEndsTheIteration() async throws {
        let transport = ScriptedTransport([], fallback: { _ in .json(200, #"{"object": "list", "has_more": true, "data": []}"#) })
        let all = try await StripeClient.scripted(transport).listCustomers().collect()
        #expect(all.isEmpty)
        #expect(transport.requests.count == 1)
    }

    @Test func invoiceLinesArePagedToTheEndWhenTheEmbeddedListIsCut() async throws {
        let lineIDs = (0..<25).map { "il_\($0)" }
        let line: @Sendable (String) -> String = { #"{"id": "\#($0)", "object": "line_item", "amount": 100, "currency": "usd"}"# }
        let embedded = lineIDs.prefix(10).map(line).joined(separator: ",")
        let lines = pagedList(ids: lineIDs, objectJSON: line)
        let transport = ScriptedTransport([
            .json(200, """
            {"id": "in_1", "object": "invoice", "currency": "usd", "amount_due": 2500, "customer": "cus_1",
             "lines": {"object": "list", "has_more": true, "url": "/v1/invoices/in_1/lines", "data": [\(embedded)]}}
            """),
        ], fallback: lines)
        let invoice = try await StripeClient.scripted(transport).retrieveInvoice("in_1")
        #expect(invoice.lines.data.map(\.id) == lineIDs)
        #expect(invoice.lines.hasMore == false)
        #expect(invoice.lines.data.reduce(0) { $0 + $1.amount } == invoice.amountDue)
        #expect(transport.requests.count == 2)
        #expect(transport.requests[1].url.path == "/v1/invoices/in_1/lines")
        #expect(query(transport.requests[1], "starting_after") == "il_9")
    }

    @Test func listErrorsSurfaceFromTheSequence() async throws {
        let transport = ScriptedTransport([
            .json(200, #"{"object": "list", "has_more": true, "data": [{"id": "cus_1"}]}"#),
            .error(401, type: "invalid_request_error", message: "Expired API Key provided"),
        ])
        var seen: [String] = []
        let error = await #expect(throws: StripeError.self) {
            for try await customer in try StripeClient.scripted(transport).listCustomers() { seen.append(customer.id) }
        }
        #expect(seen == ["cus_1"])
        #expect(error?.isAuthenticationFailure == true)
    }
}
