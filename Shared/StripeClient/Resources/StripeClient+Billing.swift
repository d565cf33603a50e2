extension StripeClient {
    // MARK: Subscriptions

    /// Subscriptions (filters: `customer`, `status`, `created`, `price` via `extra`).
    public func listSubscriptions(_ filter: StripeListFilter = StripeListFilter()) -> StripeListSequence<StripeSubscription> {
        list("/v1/subscriptions", filter: filter)
    }

    public func retrieveSubscription(_ id: String, expand: [String] = []) async throws -> StripeSubscription {
        try await get("/v1/subscriptions/\(Self.segment(id))", query: Self.expansion(expand))
    }

    public func createSubscription(_ form: StripeForm, idempotency: IdempotencyScope) async throws -> StripeSubscription {
        try await post("/v1/subscriptions", form: form, idempotency: idempotency)
    }

    public func updateSubscription(_ id: String, _ form: StripeForm, idempotency: IdempotencyScope) async throws -> StripeSubscription {
        try await post("/v1/subscriptions/\(Self.segment(id))", form: form, idempotency: idempotency)
    }

    /// Cancels at once (`DELETE /v1/subscriptions/{id}`); cancelling at period end is an update.
    public func cancelSubscription(_ id: String) async throws -> StripeSubscription {
        try await delete("/v1/subscriptions/\(Self.segment(id))")
    }

    /// Every item of a subscription, beyond the ten Stripe embeds.
    public func listSubscriptionItems(subscription: String) -> StripeListSequence<StripeSubscriptionItem> {
        list("/v1/subscription_items", filter: StripeListFilter(subscription: subscription))
    }

    // MARK: Invoices

    public func listInvoices(_ filter: StripeListFilter = StripeListFilter()) -> StripeListSequence<StripeInvoice> {
        list("/v1/invoices", filter: filter)
    }

    /// An invoice with all of its lines: when the embedded page says `has_more`, the rest come from the lines endpoint.
    public func retrieveInvoice(_ id: String, expand: [String] = []) async throws -> StripeInvoice {
        var invoice: StripeInvoice = try await get("/v1/invoices/\(Self.segment(id))", query: Self.expansion(expand))
        try await completeLines(of: &invoice)
        return invoice
    }

    public func createInvoice(_ form: StripeForm, idempotency: IdempotencyScope) async throws -> StripeInvoice {
        var invoice: StripeInvoice = try await post("/v1/invoices", form: form, idempotency: idempotency)
        try await completeLines(of: &invoice)
        return invoice
    }

    public func updateInvoice(_ id: String, _ form: StripeForm, idempotency: IdempotencyScope) async throws -> StripeInvoice {
        var invoice: StripeInvoice = try await post("/v1/invoices/\(Self.segment(id))", form: form, idempotency: idempotency)
        try await completeLines(of: &invoice)
        return invoice
    }

    /// Runs an invoice action: `finalize`, `pay`, `send`, `void` or `mark_uncollectible`.
    public func invoiceAction(_ id: String, _ action: String, form: StripeForm = StripeForm(), idempotency: IdempotencyScope) async throws -> StripeInvoice {
        var invoice: StripeInvoice = try await post("/v1/invoices/\(Self.segment(id))/\(Self.segment(action))", form: form, idempotency: idempotency)
        try await completeLines(of: &invoice)
        return invoice
    }

    public func deleteInvoice(_ id: String) async throws -> StripeDeletedObject {
        try await delete("/v1/invoices/\(Self.segment(id))")
    }

    /// Every line of an invoice, from the lines endpoint.
    public func listInvoiceLines(invoice: String, startingAfter: String? = nil) -> StripeListSequence<StripeInvoiceLineItem> {
        list("/v1/invoices/\(Self.segment(invoice))/lines", filter: StripeListFilter(startingAfter: startingAfter))
    }

    /// Replaces the embedded first page of lines with the whole list when Stripe cut it short.
    private func completeLines(of invoice: inout StripeInvoice) async throws {
        guard invoice.lines.hasMore else { return }
        var lines = invoice.lines.data
        for try await line in listInvoiceLines(invoice: invoice.id, startingAfter: lines.last?.id) {
            lines.append(line)
        }
        invoice.lines = StripeList(data: lines, hasMore: false, url: invoice.lines.url)
    }

    // MARK: Invoice items

    public func listInvoiceItems(_ filter: StripeListFilter = StripeListFilter()) -> StripeListSequence<StripeInvoiceItem> {
        list("/v1/invoiceitems", filter: filter)
    }

    public func retrieveInvoiceItem(_ id: String) async throws -> StripeInvoiceItem {
        try await get("/v1/invoiceitems/\(Self.segment(id))")
    }

    public func createInvoiceItem(_ form: StripeForm, idempotency: IdempotencyScope) async throws -> StripeInvoiceItem {
        try await post("/v1/invoiceitems", form: form, idempotency: idempotency)
    }

    public func deleteInvoiceItem(_ id: String) async throws -> StripeDeletedObject {
        try await delete("/v1/invoiceitems/\(Self.segment(id))")
    }
}
