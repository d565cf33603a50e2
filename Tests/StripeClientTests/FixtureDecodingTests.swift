import Foundation
import Testing
@testable import StripeClient

@Suite("Stripe's official fixtures decode with their values", .enabled(if: Fixtures.shouldRun))
struct FixtureDecodingTests {
    @Test func customerFixtureDecodes() throws {
        let customer = try Fixtures.decode(StripeCustomer.self, "customer")
        #expect(customer.id == "cus_QXg1o8vcGmoR32")
        #expect(customer.created == 1_234_567_890)
        #expect(customer.currency == "usd")
        #expect(customer.balance == 0)
        #expect(customer.invoicePrefix == "7FE1103")
        #expect(customer.taxExempt == .notExempt)
        #expect(customer.email == nil)
        #expect(customer.livemode == false)
        #expect(customer.metadata.isEmpty)
        #expect(customer.address?.isEmpty == true)
        #expect(customer.preferredLocales.isEmpty)
    }

    @Test func retrieveTellsLiveCustomerFromDeletedStub() throws {
        let live = try Fixtures.decode(StripeDeletable<StripeCustomer>.self, "customer")
        #expect(live.isDeleted == false)
        #expect(live.object?.invoicePrefix == "7FE1103")

        let deleted = try Fixtures.decode(StripeDeletable<StripeCustomer>.self, "deleted_customer")
        #expect(deleted.isDeleted)
        #expect(deleted.id == "cus_QXg1o8vcGmoR32")
        guard case .deleted(let stub) = deleted else { Issue.record("expected the deleted stub"); return }
        #expect(stub.object == "customer")
    }

    @Test func productFixtureDecodes() throws {
        let product = try Fixtures.decode(StripeProduct.self, "product")
        #expect(product.id == "prod_QXg1hqf4jFNsqG")
        #expect(product.name == "T-shirt")
        #expect(product.description == "Comfortable gray cotton t-shirt")
        #expect(product.active)
        #expect(product.defaultPrice?.id == "price_1PgafmB7WZ01zgkW02Hf9z6c")
        #expect(product.defaultPrice?.expanded == nil)
        #expect(product.type == .good)
        #expect(product.updated == 1_234_567_890)
        #expect(product.unitLabel == nil)
    }

    @Test func priceFixtureDecodes() throws {
        let price = try Fixtures.decode(StripePrice.self, "price")
        #expect(price.id == "price_1PgafmB7WZ01zgkW6dKueIc5")
        #expect(price.product.id == "prod_QXg1hqf4jFNsqG")
        #expect(price.currency == "usd")
        #expect(price.unitAmount == 2000)
        #expect(price.unitAmountDecimal == "2000")
        #expect(price.billingScheme == .perUnit)
        #expect(price.type == .recurring)
        #expect(price.tiersMode == nil)
        #expect(price.tiers == nil)
        #expect(price.recurring?.interval == .month)
        #expect(price.recurring?.intervalCount == 1)
        #expect(price.recurring?.usageType == .licensed)
        #expect(price.recurring?.meter == nil)
        #expect(price.transformQuantity == StripeTransformQuantity(divideBy: 1_592_560_163, round: .down))
        #expect(price.taxBehavior == .unspecified)
        #expect(price.customUnitAmount == StripeCustomUnitAmount(minimum: nil, maximum: nil, preset: nil))
        #expect(price.needsTierExpansion == false)
    }

    @Test func planFixtureDecodes() throws {
        let plan = try Fixtures.decode(StripePlan.self, "plan")
        #expect(plan.id == "price_1PgafmB7WZ01zgkW6dKueIc5")
        #expect(plan.amount == 2000)
        #expect(plan.amountDecimal == "2000")
        #expect(plan.interval == .month)
        #expect(plan.product?.id == "prod_QXg1hqf4jFNsqG")
        #expect(plan.transformUsage?.divideBy == 1_592_560_163)
    }

    @Test func subscriptionFixtureDecodesWithItsItems() throws {
        let subscription = try Fixtures.decode(StripeSubscription.self, "subscription")
        #expect(subscription.id == "sub_1Pgc6rB7WZ01zgkWNy0Cn5nw")
        #expect(subscription.customer.id == "cus_QXg1o8vcGmoR32")
        #expect(subscription.status == .active)
        #expect(subscription.collectionMethod == .chargeAutomatically)
        #expect(subscription.cancelAtPeriodEnd)
        #expect(subscription.latestInvoice == nil)
        #expect(subscription.items.hasMore == false)
        #expect(subscription.items.url == "/v1/subscription_items?subscription=sub_1Pgc6rB7WZ01zgkWNy0Cn5nw")
        let item = try #require(subscription.items.data.first)
        #expect(subscription.items.data.count == 1)
        #expect(item.id == "si_QXhVnC2h0Jczwc")
        #expect(item.quantity == 1)
        #expect(item.price.id == "price_1PgafmB7WZ01zgkW6dKueIc5")
        #expect(item.price.unitAmount == 2000)
        #expect(item.plan?.billingScheme == .tiered)
        #expect(item.plan?.intervalCount == 797_691_627)
        #expect(item.currentPeriodEnd == 976_287_773)
        #expect(item.currentPeriodStart == 1_896_570_518)
    }

    @Test func subscriptionItemFixtureDecodes() throws {
        let item = try Fixtures.decode(StripeSubscriptionItem.self, "subscription_item")
        #expect(item.id == "si_QXhVBoJ7NQdNXh")
        #expect(item.subscription == "sub_1Pgc6xB7WZ01zgkWJMvZp5ja")
        #expect(item.price.recurring?.interval == .month)
        // The plan's metadata is null in the fixture; it reads as empty.
        #expect(item.plan?.metadata.isEmpty == true)
        #expect(item.plan?.product == nil)
    }

    @Test func invoiceFixtureDecodesWithItsLines() throws {
        let invoice = try Fixtures.decode(StripeInvoice.self, "invoice")
        #expect(invoice.id == "in_1Pgc6tB7WZ01zgkWu9fdqL6I")
        #expect(invoice.customer == "cus_QXg1o8vcGmoR32")
        #expect(invoice.status == .draft)
        #expect(invoice.amountDue == 1000)
        #expect(invoice.amountRemaining == 1000)
        #expect(invoice.total == 1000)
        #expect(invoice.currency == "usd")
        #expect(invoice.billingReason == "manual")
        #expect(invoice.dueDate == 1_234_567_890)
        // The parent is a quote, so the subscription details beside it do not count.
        #expect(invoice.subscription == nil)
        #expect(invoice.lines.hasMore == false)
        let line = try #require(invoice.lines.data.first)
        #expect(invoice.lines.data.count == 1)
        #expect(line.id == "il_1Pgc6sB7WZ01zgkWFnxLrLCq")
        #expect(line.amount == 1000)
        #expect(line.invoice == "in_1Pgc6tB7WZ01zgkWu9fdqL6I")
        #expect(line.period == StripePeriod(start: 1_721_954_054, end: 1_721_954_054))
        #expect(line.parent?.type == "invoice_item_details")
        #expect(line.parent?.invoiceItem == "invoice_item")
        #expect(line.pricing?.type == "price_details")
    }

    @Test func lineItemFixtureDecodes() throws {
        let line = try Fixtures.decode(StripeInvoiceLineItem.self, "line_item")
        #expect(line.id == "il_tmp_1Pgc6sB7WZ01zgkWrG16hkdl")
        #expect(line.description == "My First Invoice Item (created for API docs)")
        #expect(line.quantity == 1)
        #expect(line.discountable)
    }

    @Test func invoiceItemFixtureDecodes() throws {
        let item = try Fixtures.decode(StripeInvoiceItem.self, "invoiceitem")
        #expect(item.id == "ii_1Pgc6sB7WZ01zgkWrG16hkdl")
        #expect(item.customer == "cus_QXg1o8vcGmoR32")
        #expect(item.amount == 1000)
        #expect(item.invoice == nil)
        #expect(item.quantityDecimal == "174352450")
        #expect(item.netAmount == 708_769_478)
        #expect(item.parent?.type == "subscription_details")
        #expect(item.parent?.subscription == "subscription")
        #expect(item.proration == false)
    }

    @Test func eventFixtureDecodesItsObjectByKind() throws {
        let event = try Fixtures.decode(StripeEvent.self, "event")
        #expect(event.id == "evt_1Pgc76B7WZ01zgkWwyRHS12y")
        #expect(event.type == "plan.created")
        #expect(event.objectKind == "plan")
        #expect(event.requestID == nil)
        #expect(event.previousAttributes == nil)
        guard case .plan(let plan) = event.object else { Issue.record("expected a plan, got \(event.object)"); return }
        #expect(plan.id == "price_1PgafmB7WZ01zgkW6dKueIc5")
        #expect(plan.amount == 2000)
        #expect(event.object.id == "price_1PgafmB7WZ01zgkW6dKueIc5")
    }

    @Test func accountFixtureDecodes() throws {
        let account = try Fixtures.decode(StripeAccount.self, "account")
        #expect(account.id == "acct_1PgafTB7WZ01zgkW")
        #expect(account.email == "site@stripe.com")
        #expect(account.country == "US")
        #expect(account.defaultCurrency == "usd")
        #expect(account.type == "standard")
        #expect(account.businessName == nil)
        #expect(account.displayName == "site@stripe.com")
    }

    @Test func webhookEndpointFixtureDecodes() throws {
        let endpoint = try Fixtures.decode(StripeWebhookEndpoint.self, "webhook_endpoint")
        #expect(endpoint.id == "we_1Pgc6yB7WZ01zgkWzAudq4eU")
        #expect(endpoint.url == "https://example.com/my/webhook/endpoint")
        #expect(endpoint.enabledEvents == ["charge.failed", "charge.succeeded"])
        #expect(endpoint.status == .enabled)
        #expect(endpoint.secret == nil)
    }
}
