/// A configured API key: secret (`sk_`) or restricted (`rk_`), test or live by its prefix.
struct APIKey: Sendable {
    enum Kind: String, Sendable {
        case secret, restricted
    }

    /// What a restricted key may do with one resource.
    enum Access: Int, Sendable, Comparable {
        case none = 0, read = 1, write = 2

        static func < (lhs: Access, rhs: Access) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    let key: String
    let account: String
    let mode: Mode
    let kind: Kind
    /// Per-resource access for restricted keys (`customers`, `products`, `prices`, `events`, `webhook_endpoints`,
    /// `account`, `billing_meters`); a resource not named is writable, except the account, which is closed.
    let permissions: [String: Access]

    /// Reads the mode and kind from the prefix; nil for anything that is not `sk_test_`, `sk_live_`, `rk_test_`, `rk_live_`.
    init?(key: String, account: String, permissions: [String: Access] = [:]) {
        let parts = key.split(separator: "_", maxSplits: 2)
        guard parts.count == 3, !parts[2].isEmpty, let mode = Mode(rawValue: String(parts[1])) else { return nil }
        switch parts[0] {
        case "sk": kind = .secret
        case "rk": kind = .restricted
        default: return nil
        }
        self.key = key
        self.account = account
        self.mode = mode
        self.permissions = permissions
    }

    func access(to resource: String) -> Access {
        guard kind == .restricted else { return .write }
        if let granted = permissions[resource] { return granted }
        // Unless configured otherwise, a restricted key may use every resource but may not read the account.
        return resource == "account" ? .none : .write
    }

    /// The key as Stripe prints it in errors: prefix, stars and the last four characters.
    var masked: String { APIKey.mask(key) }

    static func mask(_ key: String) -> String {
        let prefixEnd = key.range(of: "_", options: .backwards).map { key[..<$0.upperBound] } ?? ""
        return "\(prefixEnd)****\(key.suffix(4))"
    }
}
