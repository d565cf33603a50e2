/// The filters of a Stripe list call; only what is set is sent. Pages are always asked for 100 at a time unless `limit` says otherwise.
public struct StripeListFilter: Sendable, Hashable {
    public var limit: Int
    /// Resume after this object id (the cursor a sync stored with its last page), towards older objects.
    public var startingAfter: String?
    /// List only objects newer than this id, walking towards the newest (`ending_before`); wins over `startingAfter`.
    public var endingBefore: String?
    public var created: StripeTimeRange?
    public var email: String?
    public var active: Bool?
    public var product: String?
    public var customer: String?
    public var subscription: String?
    public var status: String?
    public var currency: String?
    /// `type` (prices: `one_time`/`recurring`; events: one type or a wildcard like `customer.*`).
    public var type: String?
    /// Several event types at once (`types[]`).
    public var types: [String]
    /// Expansions for each listed object, e.g. `data.tiers`.
    public var expand: [String]
    /// Any other parameter the endpoint takes.
    public var extra: StripeForm

    public init(limit: Int = 100, startingAfter: String? = nil, endingBefore: String? = nil, created: StripeTimeRange? = nil, email: String? = nil,
                active: Bool? = nil, product: String? = nil, customer: String? = nil, subscription: String? = nil,
                status: String? = nil, currency: String? = nil, type: String? = nil, types: [String] = [],
                expand: [String] = [], extra: StripeForm = StripeForm()) {
        self.limit = min(max(limit, 1), 100)
        self.startingAfter = startingAfter
        self.endingBefore = endingBefore
        self.created = created
        self.email = email
        self.active = active
        self.product = product
        self.customer = customer
        self.subscription = subscription
        self.status = status
        self.currency = currency
        self.type = type
        self.types = types
        self.expand = expand
        self.extra = extra
    }

    /// Where the first page starts, if not at the newest object.
    var cursor: StripeListCursor? {
        if let endingBefore { return .endingBefore(endingBefore) }
        return startingAfter.map { .startingAfter($0) }
    }

    /// The query parameters, without the cursor (the page sequence adds it per page).
    var form: StripeForm {
        var form = StripeForm()
        form["limit"] = .int(limit)
        if let created, !created.isEmpty { form["created"] = created.formValue }
        let strings: [(String, String?)] = [("email", email), ("product", product), ("customer", customer),
                                             ("subscription", subscription), ("status", status),
                                             ("currency", currency), ("type", type)]
        for (name, value) in strings {
            if let value { form[name] = .string(value) }
        }
        if let active { form["active"] = .init(booleanLiteral: active) }
        if !types.isEmpty { form["types"] = .list(types.map { .string($0) }) }
        form.expand(expand)
        for field in extra.fields { form[field.name] = field.value }
        return form
    }
}

/// Bounds on `created` in Unix seconds (`created[gt]`, `created[gte]`, `created[lt]`, `created[lte]`).
public struct StripeTimeRange: Sendable, Hashable {
    public var greaterThan: Int64?
    public var greaterThanOrEqual: Int64?
    public var lessThan: Int64?
    public var lessThanOrEqual: Int64?

    public init(greaterThan: Int64? = nil, greaterThanOrEqual: Int64? = nil, lessThan: Int64? = nil, lessThanOrEqual: Int64? = nil) {
        self.greaterThan = greaterThan
        self.greaterThanOrEqual = greaterThanOrEqual
        self.lessThan = lessThan
        self.lessThanOrEqual = lessThanOrEqual
    }

    var isEmpty: Bool { [greaterThan, greaterThanOrEqual, lessThan, lessThanOrEqual].allSatisfy { $0 == nil } }

    var formValue: StripeFormValue {
        let bounds: [(String, Int64?)] = [("gt", greaterThan), ("gte", greaterThanOrEqual), ("lt", lessThan), ("lte", lessThanOrEqual)]
        return .map(bounds.compactMap { name, value in value.map { StripeFormField(name: name, value: .int($0)) } })
    }
}
