/// A product in the Veles price book, with its pricing plans.
struct VelesProduct: Sendable, Hashable {
    /// Active products are offered to reps; inactive ones are hidden but kept for reporting.
    enum Status: String, Sendable, Hashable, Codable {
        case active, inactive
    }

    var id: String
    var name: String
    /// Unique in the workspace, compared without regard to ASCII case.
    var sku: String
    var description: String
    var category: String
    var customFields: [String: String]
    var status: Status
    /// What the buyer sees per unit ("Per User"); blank for imports unless the Stripe product has its own label.
    var unitLabel: String
    var plans: [PricingPlan]
    var createdAtMs: Int64
    var updatedAtMs: Int64

    var isActive: Bool { status == .active }
}
