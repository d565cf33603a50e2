import Testing
@testable import CatalogSync

@Suite struct PriceMapperTests {
    @Test func perUnitPriceBecomesPerUnitRate() throws {
        let plans = try Fixtures.plans(Fixtures.price("price_a", unitAmount: 1500, unitAmountDecimal: "1500"))
        #expect(plans.count == 1)
        #expect(plans[0].method == .perUnit)
        #expect(plans[0].unitAmount?.decimal == "1500")
        #expect(plans[0].currency == "usd")
        #expect(plans[0].paymentType == .recurring(interval: .month, count: 1))
        #expect(plans[0].stripePriceId == "price_a")
        #expect(plans[0].tiers.isEmpty && plans[0].packageRate == nil && !plans[0].metered)
    }

    @Test func unitAmountDecimalKeepsSubMinorPrecision() throws {
        let plans = try Fixtures.plans(Fixtures.price("price_d", unitAmountDecimal: "0.123456789012"))
        #expect(plans[0].unitAmount?.decimal == "0.123456789012")
        #expect(plans[0].unitAmount?.minorUnits == nil)
    }

    @Test func transformQuantityIsAPackageRateWithDivisorAndRounding() throws {
        let plans = try Fixtures.plans(Fixtures.price("price_p", unitAmount: 500, transform: .init(divideBy: 10, round: "up")))
        #expect(plans[0].method == .perUnit)
        #expect(plans[0].packageRate == PackageRate(divisor: 10, rounding: .up))
        let down = try Fixtures.plans(Fixtures.price("price_q", unitAmount: 500, transform: .init(divideBy: 1000, round: "down")))
        #expect(down[0].packageRate == PackageRate(divisor: 1000, rounding: .down))
    }

    @Test func tieredVolumeWithNullUnitAmountIsAVolumeLookupWithItsTiers() throws {
        let price = Fixtures.price("price_v", scheme: "tiered", tiersMode: "volume",
                                   tiers: [Fixtures.tier(10, unit: 1000), Fixtures.tier(100, unit: 800), Fixtures.tier(nil, unit: 500)])
        let plan = try Fixtures.plans(price)[0]
        #expect(plan.method == .volume)
        #expect(plan.unitAmount == nil)
        #expect(plan.tiers.map(\.upTo) == [10, 100, nil])
        #expect(plan.tiers.map { $0.unitAmount?.decimal } == ["1000", "800", "500"])
        #expect(plan.tiers.allSatisfy { $0.flatAmount == nil })
    }

    @Test func tieredGraduatedIsAGraduatedLookup() throws {
        let price = Fixtures.price("price_g", scheme: "tiered", tiersMode: "graduated",
                                   tiers: [Fixtures.tier(1000, unit: 2), Fixtures.tier(nil, unitDecimal: "0.5")])
        let plan = try Fixtures.plans(price)[0]
        #expect(plan.method == .graduated)
        #expect(plan.tiers.last?.unitAmount?.decimal == "0.5")
        #expect(plan.tiers.last?.upTo == nil)
    }

    @Test func tiersWithOnlyFlatAmountsAreAStairStep() throws {
        let price = Fixtures.price("price_s", scheme: "tiered", tiersMode: "volume",
                                   tiers: [Fixtures.tier(5, flat: 10_000), Fixtures.tier(20, flat: 30_000), Fixtures.tier(nil, flat: 50_000)])
        let plan = try Fixtures.plans(price)[0]
        #expect(plan.method == .stairStep)
        #expect(plan.tiers.map { $0.flatAmount?.decimal } == ["10000", "30000", "50000"])
        #expect(plan.tiers.allSatisfy { $0.unitAmount == nil })
    }

    @Test func aTierWithFlatAndUnitAmountKeepsBoth() throws {
        let price = Fixtures.price("price_b", scheme: "tiered", tiersMode: "graduated",
                                   tiers: [Fixtures.tier(10, unit: 100, flat: 2000), Fixtures.tier(nil, unit: 50)])
        let plan = try Fixtures.plans(price)[0]
        #expect(plan.tiers[0].unitAmount?.decimal == "100" && plan.tiers[0].flatAmount?.decimal == "2000")
        #expect(plan.tiers[1].flatAmount == nil)
        let volume = Fixtures.price("price_c", scheme: "tiered", tiersMode: "volume",
                                    tiers: [Fixtures.tier(10, flat: 2000), Fixtures.tier(nil, unit: 50, flat: 100)])
        #expect(try Fixtures.plans(volume)[0].method == .volume)
    }

    @Test(arguments: [("day", 1, "daily"), ("week", 2, "every 2 weeks"), ("month", 1, "monthly"), ("month", 3, "quarterly"),
                      ("month", 6, "semiannual"), ("year", 1, "annual")])
    func recurringKeepsIntervalAndCount(interval: String, count: Int, label: String) throws {
        let plan = try Fixtures.plans(Fixtures.price("price_r", unitAmount: 100, interval: interval, intervalCount: count))[0]
        #expect(plan.paymentType == .recurring(interval: BillingInterval(rawValue: interval)!, count: count))
        #expect(plan.paymentType.label == label)
    }

    @Test func oneTimePriceIsOneTime() throws {
        let plan = try Fixtures.plans(Fixtures.price("price_o", type: "one_time", unitAmount: 9900))[0]
        #expect(plan.paymentType == .oneTime)
        #expect(plan.paymentType.label == "one-time")
    }

    @Test func meteredUsageIsFlagged() throws {
        let plan = try Fixtures.plans(Fixtures.price("price_m", unitAmountDecimal: "0.25", usage: "metered"))[0]
        #expect(plan.metered)
        #expect(plan.method == .perUnit)
    }

    @Test func customUnitAmountIsAFlatFeeTheBuyerChooses() throws {
        let custom = CustomAmount(minimum: 500, maximum: 100_000, preset: 2500)
        let plan = try Fixtures.plans(Fixtures.price("price_x", type: "one_time", custom: custom))[0]
        #expect(plan.method == .flatFee)
        #expect(plan.customAmount == custom)
        #expect(plan.unitAmount == nil)
    }

    @Test func currencyOptionsGiveOnePlanPerCurrency() throws {
        let price = Fixtures.price("price_cur", unitAmount: 1000,
                                   currencyOptions: ["eur": .init(unitAmount: 900, unitAmountDecimal: "900"),
                                                     "usd": .init(unitAmount: 1000, unitAmountDecimal: "1000"),
                                                     "gbp": .init(unitAmount: 800)])
        let plans = try Fixtures.plans(price)
        #expect(plans.map(\.currency) == ["usd", "eur", "gbp"])
        #expect(plans.map { $0.unitAmount?.decimal } == ["1000", "900", "800"])
        #expect(Set(plans.map(\.id)).count == 3)
    }

    @Test func refusalsNameThePriceAndTheReason() throws {
        let cases: [(StripePriceRecord, String)] = [
            (Fixtures.price("price_nothing"), "no unit amount"),
            (Fixtures.price("price_notiers", scheme: "tiered", tiersMode: "volume", tiers: nil), "not retrieved"),
            (Fixtures.price("price_empty", scheme: "tiered", tiersMode: "volume", tiers: []), "no tiers"),
            (Fixtures.price("price_bounded", scheme: "tiered", tiersMode: "volume", tiers: [Fixtures.tier(10, unit: 1)]), "no bound"),
            (Fixtures.price("price_order", scheme: "tiered", tiersMode: "graduated",
                            tiers: [Fixtures.tier(10, unit: 1), Fixtures.tier(5, unit: 1), Fixtures.tier(nil, unit: 1)]), "not above"),
            (Fixtures.price("price_mode", scheme: "tiered", tiersMode: "stepwise", tiers: [Fixtures.tier(nil, unit: 1)]), "tiers mode"),
            (Fixtures.price("price_scheme", scheme: "per_kilo", unitAmount: 1), "billing scheme"),
            (Fixtures.price("price_interval", unitAmount: 1, interval: "fortnight"), "interval"),
            (Fixtures.price("price_type", type: "subscription_ish", unitAmount: 1), "type"),
            (Fixtures.price("price_round", unitAmount: 1, transform: .init(divideBy: 10, round: "nearest")), "rounding"),
            (Fixtures.price("price_div", unitAmount: 1, transform: .init(divideBy: 0, round: "up")), "divides by 0"),
            (Fixtures.price("price_decimal", unitAmountDecimal: "1.0000000000001"), "decimal places"),
            (Fixtures.price("price_tierless", scheme: "tiered", tiersMode: "volume",
                            tiers: [Fixtures.tier(10), Fixtures.tier(nil, unit: 1)]), "neither a unit nor a flat"),
            (Fixtures.price("price_cur", currency: "us dollars", unitAmount: 1), "ISO 4217"),
            (Fixtures.price("price_opt", unitAmount: 1, currencyOptions: ["eur": .init()]), "in EUR"),
        ]
        for (price, reason) in cases {
            do {
                _ = try Fixtures.plans(price)
                Issue.record("\(price.id) should have been refused")
            } catch {
                #expect(error.code == .failedPrecondition)
                #expect(error.message.contains(price.id), "\(error.message)")
                #expect(error.message.contains(reason), "\(price.id): \(error.message)")
            }
        }
    }
}
