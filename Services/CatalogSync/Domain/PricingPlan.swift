/// One way a Veles product is sold: a single currency, a payment type and a pricing method with its amounts.
struct PricingPlan: Sendable, Hashable, Codable {
    var id: String
    var currency: String
    var paymentType: PaymentType
    var method: PricingMethod
    /// The per-unit rate (per unit methods) or the fixed fee (flat fee); `nil` for tiered methods and custom amounts.
    var unitAmount: ExactAmount?
    /// Tiers in ascending order; the last one has no upper bound. Empty unless the method is tiered.
    var tiers: [PlanTier]
    /// Set when the rate applies to packages of several units (Stripe's `transform_quantity`).
    var packageRate: PackageRate?
    /// Billed on reported usage rather than a quantity set up front.
    var metered: Bool
    /// Set when the buyer chooses the amount; the plan then has no fixed amount.
    var customAmount: CustomAmount?
    var active: Bool
    /// The Stripe price this plan was imported from, when it was; billing uses it.
    var stripePriceId: String?
}

/// When a plan is paid: once, or on a schedule of `count` × `interval`.
enum PaymentType: Sendable, Hashable, Codable {
    case oneTime
    case recurring(interval: BillingInterval, count: Int)

    /// The label an admin reads: "monthly", "quarterly", "annual", "every 2 weeks", "one-time".
    var label: String {
        switch self {
        case .oneTime: return "one-time"
        case .recurring(let interval, let count):
            switch (interval, count) {
            case (.day, 1): return "daily"
            case (.week, 1): return "weekly"
            case (.month, 1): return "monthly"
            case (.month, 3): return "quarterly"
            case (.month, 6): return "semiannual"
            case (.year, 1): return "annual"
            case (.month, 12): return "annual"
            default: return "every \(count) \(interval.rawValue)s"
            }
        }
    }
}

/// The unit of a recurring payment schedule.
enum BillingInterval: String, Sendable, Hashable, Codable, CaseIterable {
    case day, week, month, year
}

/// The price book's pricing methods that a Stripe price can land on (Veles's "percentage of" has no Stripe shape).
enum PricingMethod: String, Sendable, Hashable, Codable, CaseIterable {
    case flatFee = "flat_fee"
    case perUnit = "per_unit"
    case volume
    case graduated
    case stairStep = "stair_step"

    var isTiered: Bool { self == .volume || self == .graduated || self == .stairStep }
}

/// One tier: applies up to `upTo` units inclusive, or without bound when `upTo` is nil (always the last tier).
struct PlanTier: Sendable, Hashable, Codable {
    var upTo: Int64?
    var unitAmount: ExactAmount?
    var flatAmount: ExactAmount?
}

/// A rate per package of `divisor` units; a partial package rounds up or down.
struct PackageRate: Sendable, Hashable, Codable {
    /// How a quantity that is not a whole number of packages is counted.
    enum Rounding: String, Sendable, Hashable, Codable {
        case up, down
    }

    var divisor: Int64
    var rounding: Rounding
}

/// Bounds and suggestion of a buyer-chosen amount, in minor units.
struct CustomAmount: Sendable, Hashable, Codable {
    var minimum: Int64?
    var maximum: Int64?
    var preset: Int64?
}
