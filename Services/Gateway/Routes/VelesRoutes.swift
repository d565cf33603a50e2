import Foundation
import HTTPServer
import VelesAPI

/// The Veles side, used by Veles itself and the demo: its customer directory and price book.
extension GatewayAPI {
    static let maxBatch = 1000

    var velesRoutes: [Route] {
        [
            Route(method: .put, pattern: "/api/v1/veles/customers", handler: authenticated(calling: Self.customersService) { caller in
                let body = try JSONInput(caller.request)
                try body.onlyFields(["customers"])
                let items = try body.objectList("customers")
                guard items.count <= Self.maxBatch else {
                    throw APIError.badRequest("at most \(Self.maxBatch) customers per request")
                }
                var request = Veles_Customers_V1_UpsertVelesCustomersRequest()
                request.customers = try items.enumerated().map { index, item in try Self.velesCustomer(item, index: index) }
                let reply = try await customers.upsertVelesCustomers(request, options: caller.options)
                return .json(200, JSONOutput.encode(["upserted": reply.upserted, "newly_matched": reply.newlyMatched]))
            }),
            Route(method: .get, pattern: "/api/v1/veles/customers/{id}", handler: authenticated(calling: Self.customersService) { caller in
                var request = Veles_Customers_V1_GetVelesCustomerRequest()
                request.id = try Self.identifier(caller.request, "id")
                let reply = try await customers.getVelesCustomer(request, options: caller.options)
                var json = Self.velesCustomerJSON(reply.customer)
                json["stripe_customer_ids"] = reply.stripeCustomerIds
                return .json(200, JSONOutput.encode(json))
            }),
            Route(method: .put, pattern: "/api/v1/veles/products", handler: authenticated(calling: Self.catalogService) { caller in
                let body = try JSONInput(caller.request)
                try body.onlyFields(["products"])
                let items = try body.objectList("products")
                guard items.count <= Self.maxBatch else {
                    throw APIError.badRequest("at most \(Self.maxBatch) products per request")
                }
                var request = Veles_Catalog_V1_UpsertProductsRequest()
                request.products = try items.enumerated().map { index, item in try PriceBookJSON.product(item, index: index) }
                let reply = try await catalog.upsertProducts(request, options: caller.options)
                return .json(200, JSONOutput.encode(["upserted": reply.products.count, "rematched": reply.rematched]))
            }),
            Route(method: .get, pattern: "/api/v1/veles/products/{id}", handler: authenticated(calling: Self.catalogService) { caller in
                var request = Veles_Catalog_V1_GetProductRequest()
                request.id = try Self.identifier(caller.request, "id")
                let reply = try await catalog.getProduct(request, options: caller.options)
                return .json(200, JSONOutput.encode(Self.velesProductJSON(reply.product)))
            }),
            Route(method: .patch, pattern: "/api/v1/veles/products/{id}", handler: authenticated(calling: Self.catalogService) { caller in
                let body = try JSONInput(caller.request)
                try body.onlyFields(["unit_label"])
                guard let label = try body.optionalString("unit_label") else {
                    throw APIError.badRequest("field 'unit_label' is required")
                }
                var request = Veles_Catalog_V1_UpdateUnitLabelRequest()
                request.id = try Self.identifier(caller.request, "id")
                request.unitLabel = label
                let reply = try await catalog.updateUnitLabel(request, options: caller.options)
                return .json(200, JSONOutput.encode(Self.velesProductJSON(reply.product)))
            }),
        ]
    }

    static func velesCustomer(_ item: JSONInput, index: Int) throws -> Veles_Customers_V1_VelesCustomer {
        try PriceBookJSON.named("customers[\(index)].") {
            try item.onlyFields(["id", "name", "domains", "contact_emails", "billing_email"])
            var customer = Veles_Customers_V1_VelesCustomer()
            customer.id = try item.requiredString("id")
            customer.name = try item.requiredString("name")
            customer.domains = try item.stringList("domains")
            customer.contactEmails = try item.stringList("contact_emails")
            customer.billingEmail = try item.optionalString("billing_email") ?? ""
            return customer
        }
    }

    static func velesProductJSON(_ product: Veles_Catalog_V1_Product) -> [String: Any] {
        PriceBookJSON.json(product)
    }

    static func planJSON(_ plan: Veles_Catalog_V1_PricingPlan) -> [String: Any] {
        PriceBookJSON.json(plan)
    }
}
