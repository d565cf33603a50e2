/// The Stripe account a key belongs to (`GET /v1/account`).
public struct StripeAccount: StripeIdentified {
    public let id: String
    public let created: Int64?
    public let email: String?
    public let country: String?
    public let defaultCurrency: String?
    public let type: String?
    public let businessName: String?
    /// The name the Dashboard shows (`settings.dashboard.display_name`).
    public let dashboardDisplayName: String?
    public let chargesEnabled: Bool
    public let payoutsEnabled: Bool
    public let detailsSubmitted: Bool
    public let metadata: [String: String]

    /// The best name to show an admin: the Dashboard's display name, the business name, the email, or the id.
    public var displayName: String {
        [dashboardDisplayName, businessName, email].compactMap { $0 }.first { !$0.isEmpty } ?? id
    }

    private enum CodingKeys: String, CodingKey {
        case id, created, email, country, type, metadata, settings
        case defaultCurrency = "default_currency"
        case businessProfile = "business_profile"
        case chargesEnabled = "charges_enabled"
        case payoutsEnabled = "payouts_enabled"
        case detailsSubmitted = "details_submitted"
    }

    private enum BusinessProfileKeys: String, CodingKey { case name }
    private enum SettingsKeys: String, CodingKey { case dashboard }
    private enum DashboardKeys: String, CodingKey {
        case displayName = "display_name"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        created = try c.optional(.created)
        email = try c.optional(.email)
        country = try c.optional(.country)
        defaultCurrency = try c.optional(.defaultCurrency)
        type = try c.optional(.type)
        businessName = try c.nestedIfPresent(.businessProfile, keyedBy: BusinessProfileKeys.self)?.optional(.name)
        dashboardDisplayName = try c.nestedIfPresent(.settings, keyedBy: SettingsKeys.self)?
            .nestedIfPresent(.dashboard, keyedBy: DashboardKeys.self)?
            .optional(.displayName)
        chargesEnabled = try c.value(.chargesEnabled, default: false)
        payoutsEnabled = try c.value(.payoutsEnabled, default: false)
        detailsSubmitted = try c.value(.detailsSubmitted, default: false)
        metadata = try c.metadata(.metadata)
    }
}
