import StripeClient

extension MirroredCustomer {
    /// The mirror's view of a live Stripe customer (match state empty; the store keeps the existing one).
    init(stripe customer: StripeCustomer) {
        self.init(stripeId: customer.id, name: customer.name, email: customer.email, description: customer.description,
                  metadata: customer.metadata, created: customer.created, deleted: false)
    }

    /// The same for a customer read from a list page.
    init(record customer: StripeCustomerRecord) {
        self.init(stripeId: customer.id, name: customer.name, email: customer.email, description: customer.description,
                  metadata: customer.metadata, created: customer.created, deleted: false)
    }
}
