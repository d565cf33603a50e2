import HTTPServer

/// The `/v1` routes stripe-sim serves, each naming the resource a restricted key needs access to.
enum StripeRoutes {
    static func install(into router: inout Router, pipeline: RequestPipeline) {
        func route(_ method: HTTPMethod, _ path: String, _ resource: String, _ handler: @escaping RequestPipeline.Handler) {
            router.add(method, path) { request in await pipeline.handle(request, resource: resource, handler: handler) }
        }
        route(.get, "/v1/account", "account", AccountAPI.retrieve)

        route(.post, "/v1/customers", "customers", CustomerAPI.create)
        route(.get, "/v1/customers", "customers", CustomerAPI.list)
        route(.get, "/v1/customers/{id}", "customers", CustomerAPI.retrieve)
        route(.post, "/v1/customers/{id}", "customers", CustomerAPI.update)
        route(.delete, "/v1/customers/{id}", "customers", CustomerAPI.delete)

        route(.post, "/v1/products", "products", ProductAPI.create)
        route(.get, "/v1/products", "products", ProductAPI.list)
        route(.get, "/v1/products/{id}", "products", ProductAPI.retrieve)
        route(.post, "/v1/products/{id}", "products", ProductAPI.update)
        route(.delete, "/v1/products/{id}", "products", ProductAPI.delete)

        route(.post, "/v1/prices", "prices", PriceAPI.create)
        route(.get, "/v1/prices", "prices", PriceAPI.list)
        route(.get, "/v1/prices/{id}", "prices", PriceAPI.retrieve)
        route(.post, "/v1/prices/{id}", "prices", PriceAPI.update)

        route(.post, "/v1/billing/meters", "billing_meters", MeterAPI.create)
        route(.get, "/v1/billing/meters", "billing_meters", MeterAPI.list)
        route(.get, "/v1/billing/meters/{id}", "billing_meters", MeterAPI.retrieve)

        route(.get, "/v1/events", "events", EventAPI.list)
        route(.get, "/v1/events/{id}", "events", EventAPI.retrieve)

        route(.post, "/v1/webhook_endpoints", "webhook_endpoints", WebhookEndpointAPI.create)
        route(.get, "/v1/webhook_endpoints", "webhook_endpoints", WebhookEndpointAPI.list)
        route(.get, "/v1/webhook_endpoints/{id}", "webhook_endpoints", WebhookEndpointAPI.retrieve)
        route(.post, "/v1/webhook_endpoints/{id}", "webhook_endpoints", WebhookEndpointAPI.update)
        route(.delete, "/v1/webhook_endpoints/{id}", "webhook_endpoints", WebhookEndpointAPI.delete)

        let unrecognized: HTTPHandler = { request in
            let error = StripeError.invalidRequest(
                "Unrecognized request URL (\(request.method.rawValue): \(request.path)). Please see https://stripe.com/docs "
                    + "or we can help at https://support.stripe.com/.", status: 404)
            return pipeline.respond(error, headers: [("Stripe-Version", StripeAPIVersion.pinned)])
        }
        router.notFound = unrecognized
        router.methodNotAllowed = unrecognized
        // Stripe documents GET, POST and DELETE only; HEAD is answered as any method it does not list.
        router.answersHeadWithGet = false
    }
}
