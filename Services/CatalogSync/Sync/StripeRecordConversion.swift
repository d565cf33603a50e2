import StripeClient

/// The client's typed Stripe objects turned into the mirror's records (enum values kept as Stripe spells them).
extension StripeProductRecord {
    init(_ product: StripeProduct) {
        self.init(id: product.id, name: product.name, description: product.description ?? "", active: product.active,
                  deleted: false, createdS: product.created, updatedS: product.updated ?? product.created,
                  metadata: product.metadata, unitLabel: product.unitLabel ?? "")
    }

    /// The record for Stripe's deleted stub: only the id is known; the rest of the row is kept as it was.
    static func deletedStub(id: String) -> StripeProductRecord {
        StripeProductRecord(id: id, name: "", description: "", active: false, deleted: true, createdS: 0, updatedS: 0,
                            metadata: [:], unitLabel: "")
    }
}

extension StripePriceRecord {
    init(_ price: StripePrice) {
        self.init(
            id: price.id, productId: price.product.id, active: price.active, deleted: false, currency: price.currency,
            type: price.type.rawString, billingScheme: price.billingScheme.rawString, tiersMode: price.tiersMode?.rawString,
            tiers: price.tiers.map { $0.map(Tier.init) }, unitAmount: price.unitAmount, unitAmountDecimal: price.unitAmountDecimal,
            transformQuantity: price.transformQuantity.map { TransformQuantity(divideBy: $0.divideBy, round: $0.round.rawString) },
            recurring: price.recurring.map { Recurring(interval: $0.interval.rawString, intervalCount: $0.intervalCount,
                                                       usageType: $0.usageType.rawString) },
            customUnitAmount: price.customUnitAmount.map { CustomAmount(minimum: $0.minimum, maximum: $0.maximum, preset: $0.preset) },
            currencyOptions: (price.currencyOptions ?? [:]).mapValues(CurrencyOption.init),
            nickname: price.nickname ?? "", createdS: price.created)
    }
}

extension StripePriceRecord.Tier {
    init(_ tier: StripePriceTier) {
        self.init(upTo: tier.upTo, unitAmount: tier.unitAmount, unitAmountDecimal: tier.unitAmountDecimal,
                  flatAmount: tier.flatAmount, flatAmountDecimal: tier.flatAmountDecimal)
    }
}

extension StripePriceRecord.CurrencyOption {
    init(_ option: StripeCurrencyOption) {
        self.init(unitAmount: option.unitAmount, unitAmountDecimal: option.unitAmountDecimal,
                  tiers: option.tiers.map { $0.map(StripePriceRecord.Tier.init) },
                  customUnitAmount: option.customUnitAmount.map { CustomAmount(minimum: $0.minimum, maximum: $0.maximum, preset: $0.preset) })
    }
}
