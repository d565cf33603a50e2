import StripeClient

extension MirroredCustomer {
    /// The mirror's view of a live Stripe customer (match state empty; the store keeps the existing one).
    init(stripe customer: StripeCustomer) {
        self.init(stripeId: customer.id, name: customer.name, email: customer.email, description: customer.description,
                  metadata: customer.metadata, created: customer.created, deleted: false)
    }
}
