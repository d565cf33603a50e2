import Foundation
import Testing
@testable import StripeClient

@Suite("Every price shape decodes")
struct PriceShapeDecodingTests {
    @Test func tieredVolumePriceKeepsTiersDecimalsAndUnboundedLastTier() throws {
        let price = try decodeJSON(StripePrice.self, """
        {"id": "price_vol", "object": "price", "active": true, "currency": "usd", "product": "prod_1",
         "type": "recurring", "billing_scheme": "tiered", "tiers_mode": "volume", "unit_amount": null,
         "unit_amount_decimal": null, "created": 1700000000, "livemode": false, "metadata": {"plan": "pro"},
         "recurring": {"interval": "month", "interval_count": 3, "usage_type": "licensed", "meter": null},
         "tiers": [
           {"up_to": 10, "unit_amount": 500, "unit_amount_decimal": "500", "flat_amount": null, "flat_amount_decimal": null},
           {"up_to": 100, "unit_amount": null, "unit_amount_decimal": "412.5", "flat_amount": 1000, "flat_amount_decimal": "1000"},
           {"up_to": null, "unit_amount": 300, "unit_amount_decimal": "300", "flat_amount": null, "flat_amount_decimal": null}
         ]}
        """)
        #expect(price.billingScheme == .tiered)
        #expect(price.tiersMode == .volume)
        #expect(price.unitAmount == nil)
        #expect(price.metadata == ["plan": "pro"])
        #expect(price.recurring?.intervalCount == 3)
        let tiers = try #require(price.tiers)
        #expect(tiers.count == 3)
        #expect(tiers[0].upTo == 10 && tiers[0].unitAmount == 500 && tiers[0].flatAmount == nil)
        #expect(tiers[1].unitAmountDecimal == "412.5" && tiers[1].unitAmount == nil && tiers[1].flatAmount == 1000)
        #expect(tiers[2].isUnbounded && tiers[2].unitAmount == 300)
        #expect(price.needsTierExpansion == false)
    }

    @Test func upToInfSpelledAsRequestsSpellItIsUnbounded() throws {
        let tier = try decodeJSON(StripePriceTier.self, #"{"up_to": "inf", "flat_amount": 9900}"#)
        #expect(tier.isUnbounded)
        #expect(tier.flatAmount == 9900)
        #expect(throws: DecodingError.self) { try decodeJSON(StripePriceTier.self, #"{"up_to": "lots"}"#) }
    }

    @Test func tieredPriceFromAnEventWithoutTiersAsksForExpansion() throws {
        let price = try decodeJSON(StripePrice.self, """
        {"id": "price_grad", "currency": "eur", "product": "prod_2", "billing_scheme": "tiered",
         "tiers_mode": "graduated", "type": "one_time", "unit_amount": null}
        """)
        #expect(price.tiersMode == .graduated)
        #expect(price.type == .oneTime)
        #expect(price.tiers == nil)
        #expect(price.needsTierExpansion)
    }

    @Test func meteredPackageAndCustomAmountShapesDecode() throws {
        let metered = try decodeJSON(StripePrice.self, """
        {"id": "price_m", "currency": "usd", "product": "prod_3", "type": "recurring", "billing_scheme": "per_unit",
         "unit_amount_decimal": "0.25", "unit_amount": null,
         "recurring": {"interval": "month", "interval_count": 1, "usage_type": "metered", "meter": "mtr_123"}}
        """)
        #expect(metered.recurring?.usageType == .metered)
        #expect(metered.recurring?.meter == "mtr_123")
        #expect(metered.unitAmountDecimal == "0.25")

        let package = try decodeJSON(StripePrice.self, """
        {"id": "price_p", "currency": "usd", "product": "prod_3", "type": "one_time", "unit_amount": 2500,
         "transform_quantity": {"divide_by": 10, "round": "up"}}
        """)
        #expect(package.transformQuantity == StripeTransformQuantity(divideBy: 10, round: .up))

        let custom = try decodeJSON(StripePrice.self, """
        {"id": "price_c", "currency": "usd", "product": "prod_3", "type": "one_time", "unit_amount": null,
         "custom_unit_amount": {"minimum": 500, "maximum": 100000, "preset": 2000}}
        """)
        #expect(custom.customUnitAmount == StripeCustomUnitAmount(minimum: 500, maximum: 100_000, preset: 2000))
    }

    @Test func currencyOptionsDecodePerCurrency() throws {
        let price = try decodeJSON(StripePrice.self, """
        {"id": "price_multi", "currency": "usd", "product": "prod_4", "type": "one_time", "unit_amount": 1000,
         "currency_options": {
           "usd": {"unit_amount": 1000, "unit_amount_decimal": "1000", "tax_behavior": "exclusive"},
           "eur": {"unit_amount": 900, "unit_amount_decimal": "900", "tax_behavior": "inclusive",
                   "tiers": [{"up_to": null, "unit_amount": 900}]}
         }}
        """)
        let options = try #require(price.currencyOptions)
        #expect(options.keys.sorted() == ["eur", "usd"])
        #expect(options["eur"]?.unitAmount == 900)
        #expect(options["eur"]?.taxBehavior == .inclusive)
        #expect(options["eur"]?.tiers?.first?.isUnbounded == true)
        #expect(options["usd"]?.taxBehavior == .exclusive)
    }

    @Test func expandedProductIsKeptOnThePrice() throws {
        let price = try decodeJSON(StripePrice.self, """
        {"id": "price_x", "currency": "usd", "type": "one_time", "unit_amount": 100,
         "product": {"id": "prod_x", "object": "product", "name": "Widget", "active": false, "unit_label": "seat"}}
        """)
        #expect(price.product.id == "prod_x")
        #expect(price.product.expanded?.name == "Widget")
        #expect(price.product.expanded?.active == false)
        #expect(price.product.expanded?.unitLabel == "seat")
    }

    @Test func unknownEnumValuesAreKeptAndUnknownFieldsIgnored() throws {
        let price = try decodeJSON(StripePrice.self, """
        {"id": "price_new", "currency": "usd", "product": "prod_5", "type": "subscription_v9",
         "billing_scheme": "hybrid", "tiers_mode": "stepwise", "tax_behavior": "auto", "brand_new_field": {"x": [1, 2]},
         "recurring": {"interval": "fortnight", "interval_count": 1, "usage_type": "prepaid"}}
        """)
        #expect(price.type == .unknown("subscription_v9"))
        #expect(price.billingScheme == .unknown("hybrid"))
        #expect(price.billingScheme.rawString == "hybrid")
        #expect(price.tiersMode == .unknown("stepwise"))
        #expect(price.taxBehavior == .unknown("auto"))
        #expect(price.recurring?.interval == .unknown("fortnight"))
        #expect(price.recurring?.usageType == .unknown("prepaid"))
        #expect(StripeBillingScheme.perUnit.rawString == "per_unit")
        #expect(StripeBillingScheme(rawString: "tiered") == .tiered)
    }
}
