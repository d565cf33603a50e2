// Stripe's string enums, each keeping values newer than this client as `unknown`.

/// How a price computes its amount.
public enum StripeBillingScheme: StripeOpenEnum {
    case perUnit, tiered
    case unknown(String)

    public static let known: [String: StripeBillingScheme] = [
        "per_unit": .perUnit,
        "tiered": .tiered,
    ]
}

/// How tiers of a tiered price apply: the whole quantity at one tier's rate, or each tier's slice at its own.
public enum StripeTiersMode: StripeOpenEnum {
    case volume, graduated
    case unknown(String)

    public static let known: [String: StripeTiersMode] = [
        "volume": .volume,
        "graduated": .graduated,
    ]
}

/// Whether a price is charged once or on a schedule.
public enum StripePriceType: StripeOpenEnum {
    case oneTime, recurring
    case unknown(String)

    public static let known: [String: StripePriceType] = [
        "one_time": .oneTime,
        "recurring": .recurring,
    ]
}

/// The unit of a recurring price's billing period.
public enum StripeRecurringInterval: StripeOpenEnum {
    case day, week, month, year
    case unknown(String)

    public static let known: [String: StripeRecurringInterval] = [
        "day": .day,
        "week": .week,
        "month": .month,
        "year": .year,
    ]
}

/// Whether a recurring price bills a set quantity or measured usage.
public enum StripeUsageType: StripeOpenEnum {
    case licensed, metered
    case unknown(String)

    public static let known: [String: StripeUsageType] = [
        "licensed": .licensed,
        "metered": .metered,
    ]
}

/// How `transform_quantity` rounds after dividing.
public enum StripeRounding: StripeOpenEnum {
    case up, down
    case unknown(String)

    public static let known: [String: StripeRounding] = [
        "up": .up,
        "down": .down,
    ]
}

/// Whether a price includes tax.
public enum StripeTaxBehavior: StripeOpenEnum {
    case inclusive, exclusive, unspecified
    case unknown(String)

    public static let known: [String: StripeTaxBehavior] = [
        "inclusive": .inclusive,
        "exclusive": .exclusive,
        "unspecified": .unspecified,
    ]
}

/// Stripe's product kind.
public enum StripeProductType: StripeOpenEnum {
    case good, service
    case unknown(String)

    public static let known: [String: StripeProductType] = [
        "good": .good,
        "service": .service,
    ]
}

/// A customer's tax exemption status.
public enum StripeTaxExempt: StripeOpenEnum {
    /// Stripe's `none`, renamed so it never reads as `Optional.none`.
    case notExempt, exempt, reverse
    case unknown(String)

    public static let known: [String: StripeTaxExempt] = [
        "none": .notExempt,
        "exempt": .exempt,
        "reverse": .reverse,
    ]
}

/// The state of a subscription.
public enum StripeSubscriptionStatus: StripeOpenEnum {
    case incomplete, incompleteExpired, trialing, active, pastDue, canceled, unpaid, paused
    case unknown(String)

    public static let known: [String: StripeSubscriptionStatus] = [
        "incomplete": .incomplete,
        "incomplete_expired": .incompleteExpired,
        "trialing": .trialing,
        "active": .active,
        "past_due": .pastDue,
        "canceled": .canceled,
        "unpaid": .unpaid,
        "paused": .paused,
    ]
}

/// The state of an invoice.
public enum StripeInvoiceStatus: StripeOpenEnum {
    case draft, open, paid, uncollectible, void
    case unknown(String)

    public static let known: [String: StripeInvoiceStatus] = [
        "draft": .draft,
        "open": .open,
        "paid": .paid,
        "uncollectible": .uncollectible,
        "void": .void,
    ]
}

/// How an invoice or subscription is collected.
public enum StripeCollectionMethod: StripeOpenEnum {
    case chargeAutomatically, sendInvoice
    case unknown(String)

    public static let known: [String: StripeCollectionMethod] = [
        "charge_automatically": .chargeAutomatically,
        "send_invoice": .sendInvoice,
    ]
}

/// Whether a webhook endpoint receives deliveries.
public enum StripeWebhookEndpointStatus: StripeOpenEnum {
    case enabled, disabled
    case unknown(String)

    public static let known: [String: StripeWebhookEndpointStatus] = [
        "enabled": .enabled,
        "disabled": .disabled,
    ]
}
