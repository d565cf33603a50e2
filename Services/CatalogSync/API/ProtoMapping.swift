import SyncEngine
import VelesAPI

/// Conversions between the catalog's domain values and the `veles.catalog.v1` messages.
enum ProtoMapping {
    // MARK: Amounts

    /// An exact amount as `Money`: whole amounts in `amount_minor` with `decimal` empty (as the common proto says);
    /// fractional ones with `decimal` set and `amount_minor` holding the whole part.
    static func money(_ amount: ExactAmount, currency: String) -> Veles_Common_V1_Money {
        var money = Veles_Common_V1_Money()
        money.currency = currency
        if let whole = amount.minorUnits {
            money.amountMinor = whole
        } else {
            money.decimal = amount.decimal
            money.amountMinor = Int64(amount.decimal.split(separator: ".").first ?? "0") ?? 0
        }
        return money
    }

    static func amount(_ money: Veles_Common_V1_Money, field: String) throws(CatalogError) -> ExactAmount {
        do {
            return money.decimal.isEmpty ? try ExactAmount(minorUnits: money.amountMinor) : try ExactAmount(decimal: money.decimal)
        } catch {
            throw .invalid("\(field): \(error.description)")
        }
    }

    // MARK: Plans

    static func plan(_ plan: PricingPlan) -> Veles_Catalog_V1_PricingPlan {
        var message = Veles_Catalog_V1_PricingPlan()
        message.id = plan.id
        message.currency = plan.currency
        switch plan.paymentType {
        case .oneTime:
            message.paymentType = .oneTime
        case .recurring(let interval, let count):
            message.paymentType = .recurring
            message.interval = billingInterval(interval)
            message.intervalCount = Int32(clamping: count)
        }
        message.billingPeriod = plan.paymentType.label
        message.method = method(plan.method)
        if let unit = plan.unitAmount { message.unitAmount = money(unit, currency: plan.currency) }
        message.tiers = plan.tiers.map { tier in
            var proto = Veles_Catalog_V1_Tier()
            proto.upTo = tier.upTo ?? 0
            if let unit = tier.unitAmount { proto.unitAmount = money(unit, currency: plan.currency) }
            if let flat = tier.flatAmount { proto.flatAmount = money(flat, currency: plan.currency) }
            return proto
        }
        if let package = plan.packageRate {
            var rate = Veles_Catalog_V1_PackageRate()
            rate.divisor = package.divisor
            rate.rounding = package.rounding == .up ? .up : .down
            message.packageRate = rate
        }
        message.metered = plan.metered
        if let custom = plan.customAmount {
            var proto = Veles_Catalog_V1_CustomAmount()
            proto.minimum = custom.minimum ?? 0
            proto.maximum = custom.maximum ?? 0
            proto.preset = custom.preset ?? 0
            message.customAmount = proto
        }
        message.active = plan.active
        message.stripePriceId = plan.stripePriceId ?? ""
        return message
    }

    static func plan(_ message: Veles_Catalog_V1_PricingPlan, field: String) throws(CatalogError) -> PricingPlan {
        let paymentType: PaymentType
        switch message.paymentType {
        case .oneTime: paymentType = .oneTime
        case .recurring:
            let interval: BillingInterval
            switch message.interval {
            case .day: interval = .day
            case .week: interval = .week
            case .month: interval = .month
            case .year: interval = .year
            default: throw .invalid("\(field).interval is required for a recurring plan")
            }
            paymentType = .recurring(interval: interval, count: Int(message.intervalCount == 0 ? 1 : message.intervalCount))
        default: throw .invalid("\(field).payment_type is required (one-time or recurring)")
        }
        let method: PricingMethod
        switch message.method {
        case .flatFee: method = .flatFee
        case .perUnit: method = .perUnit
        case .volume: method = .volume
        case .graduated: method = .graduated
        case .stairStep: method = .stairStep
        default: throw .invalid("\(field).method is required")
        }
        var tiers: [PlanTier] = []
        for (index, tier) in message.tiers.enumerated() {
            guard tier.upTo >= 0 else { throw .invalid("\(field).tiers[\(index)].up_to must not be negative") }
            tiers.append(PlanTier(
                upTo: tier.upTo == 0 ? nil : tier.upTo,
                unitAmount: tier.hasUnitAmount ? try amount(tier.unitAmount, field: "\(field).tiers[\(index)].unit_amount") : nil,
                flatAmount: tier.hasFlatAmount ? try amount(tier.flatAmount, field: "\(field).tiers[\(index)].flat_amount") : nil))
        }
        var package: PackageRate?
        if message.hasPackageRate {
            guard message.packageRate.rounding == .up || message.packageRate.rounding == .down else {
                throw .invalid("\(field).package_rate.rounding must be up or down")
            }
            package = PackageRate(divisor: message.packageRate.divisor, rounding: message.packageRate.rounding == .up ? .up : .down)
        }
        let custom = message.hasCustomAmount
            ? CustomAmount(minimum: message.customAmount.minimum == 0 ? nil : message.customAmount.minimum,
                           maximum: message.customAmount.maximum == 0 ? nil : message.customAmount.maximum,
                           preset: message.customAmount.preset == 0 ? nil : message.customAmount.preset)
            : nil
        return PricingPlan(
            id: message.id, currency: message.currency, paymentType: paymentType, method: method,
            unitAmount: message.hasUnitAmount ? try amount(message.unitAmount, field: "\(field).unit_amount") : nil,
            tiers: tiers, packageRate: package, metered: message.metered, customAmount: custom, active: message.active,
            stripePriceId: message.stripePriceId.isEmpty ? nil : message.stripePriceId)
    }

    private static func billingInterval(_ interval: BillingInterval) -> Veles_Catalog_V1_BillingInterval {
        switch interval {
        case .day: .day
        case .week: .week
        case .month: .month
        case .year: .year
        }
    }

    private static func method(_ method: PricingMethod) -> Veles_Catalog_V1_PricingMethod {
        switch method {
        case .flatFee: .flatFee
        case .perUnit: .perUnit
        case .volume: .volume
        case .graduated: .graduated
        case .stairStep: .stairStep
        }
    }

    // MARK: Products

    static func product(_ product: VelesProduct) -> Veles_Catalog_V1_Product {
        var message = Veles_Catalog_V1_Product()
        message.id = product.id
        message.name = product.name
        message.sku = product.sku
        message.description = product.description
        message.category = product.category
        message.customFields = product.customFields
        message.status = product.status == .active ? .active : .inactive
        message.unitLabel = product.unitLabel
        message.plans = product.plans.map(plan)
        message.createdAtMs = product.createdAtMs
        message.updatedAtMs = product.updatedAtMs
        return message
    }

    static func product(_ message: Veles_Catalog_V1_Product, index: Int) throws(CatalogError) -> VelesProduct {
        var plans: [PricingPlan] = []
        for (position, plan) in message.plans.enumerated() {
            plans.append(try self.plan(plan, field: "products[\(index)].plans[\(position)]"))
        }
        let status: VelesProduct.Status
        switch message.status {
        case .inactive: status = .inactive
        case .active, .unspecified: status = .active
        default: throw .invalid("products[\(index)].status is not active or inactive")
        }
        return VelesProduct(id: message.id, name: message.name, sku: message.sku, description: message.description,
                            category: message.category, customFields: message.customFields, status: status,
                            unitLabel: message.unitLabel, plans: plans, createdAtMs: 0, updatedAtMs: 0)
    }

    // MARK: Stripe side

    static func mode(_ mode: StripeDataMode?) -> Veles_Connection_V1_Mode {
        switch mode {
        case .test: .test
        case .live: .live
        case nil: .unspecified
        }
    }

    static func matchStatus(_ status: MatchStatus) -> Veles_Catalog_V1_MatchStatus {
        switch status {
        case .nameMatch: .nameMatch
        case .imported: .import
        case .manual: .manual
        case .notMatched: .notMatched
        case .ignored: .ignored
        }
    }

    static func matchStatus(_ status: Veles_Catalog_V1_MatchStatus) throws(CatalogError) -> MatchStatus {
        switch status {
        case .nameMatch: .nameMatch
        case .import: .imported
        case .manual: .manual
        case .notMatched: .notMatched
        case .ignored: .ignored
        default: throw .invalid("match_statuses holds a value that is not a match status")
        }
    }

    static func row(_ mirrored: CatalogStore.MirroredProduct, velesName: String = "", mode: StripeDataMode) -> Veles_Catalog_V1_StripeProductRow {
        var row = Veles_Catalog_V1_StripeProductRow()
        row.stripeId = mirrored.product.id
        row.name = mirrored.product.name
        row.description = mirrored.product.description
        row.active = mirrored.product.active
        row.deleted = mirrored.product.deleted
        row.matchStatus = matchStatus(mirrored.state.status)
        row.velesProductId = mirrored.state.velesProductId ?? ""
        row.velesProductName = velesName
        row.createdAtMs = mirrored.product.createdS * 1000
        row.linkedAtMs = mirrored.state.linkedAtMs ?? 0
        row.importProblems = mirrored.importProblems
        row.mode = self.mode(mode)
        row.syncedAtMs = mirrored.syncedAtMs
        row.linkFlag = mirrored.linkFlag
        return row
    }

    static func price(_ price: StripePriceRecord) -> Veles_Catalog_V1_StripePrice {
        var message = Veles_Catalog_V1_StripePrice()
        message.id = price.id
        message.active = price.active && !price.deleted
        message.currency = price.currency
        message.type = price.type
        message.billingScheme = price.billingScheme
        message.tiersMode = price.tiersMode ?? ""
        message.nickname = price.nickname
        message.createdAtMs = price.createdS * 1000
        do {
            message.plans = try PriceMapper.plans(for: price) { id, currency in "\(id)/\(currency)" }.map(plan)
        } catch {
            message.refusal = error.message
        }
        return message
    }

    static func difference(_ difference: PlanComparator.Difference) -> Veles_Catalog_V1_PlanDifference {
        var message = Veles_Catalog_V1_PlanDifference()
        switch difference.kind {
        case .missingInVeles: message.kind = .missingInVeles
        case .missingInStripe: message.kind = .missingInStripe
        case .notExpressible: message.kind = .notExpressible
        }
        message.stripePriceId = difference.stripePriceId
        message.velesPlanId = difference.velesPlanId
        message.message = difference.message
        return message
    }

    static func run(_ run: SyncRun) -> Veles_Catalog_V1_SyncRun {
        var message = Veles_Catalog_V1_SyncRun()
        message.runId = run.runId
        message.pass = run.pass.rawValue
        message.trigger = run.trigger.rawValue
        switch run.status {
        case .running: message.status = .running
        case .succeeded: message.status = .succeeded
        case .failed: message.status = .failed
        case .stopped: message.status = .stopped
        }
        message.startedAtMs = run.startedAtMs
        message.finishedAtMs = run.finishedAtMs ?? 0
        message.error = run.error
        message.created = Int32(clamping: run.counts.created)
        message.updated = Int32(clamping: run.counts.updated)
        message.deleted = Int32(clamping: run.counts.deleted)
        message.matched = Int32(clamping: run.counts.matched)
        message.unmatched = Int32(clamping: run.counts.unmatched)
        message.pages = Int32(clamping: run.pages)
        return message
    }
}
