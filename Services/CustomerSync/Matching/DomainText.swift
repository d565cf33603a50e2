import Foundation

/// Pulls host names out of the ways people write them: email addresses and website fields.
enum DomainText {
    /// An email address as the email rule compares it: trimmed and lowercased; nil when it has no
    /// `@` with text on both sides.
    static func normalizedEmail(_ raw: String) -> String? {
        let email = raw.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        guard let at = email.lastIndex(of: "@"), at != email.startIndex, email.index(after: at) != email.endIndex else {
            return nil
        }
        return email
    }

    /// The host of a normalised email address.
    static func host(ofEmail email: String) -> String? {
        guard let at = email.lastIndex(of: "@") else { return nil }
        return cleanedHost(email[email.index(after: at)...])
    }

    /// The host of a website written as a URL ("https://www.acme.com/about"), a bare host
    /// ("www.acme.com", "acme.com:8080") or with user info ("user@acme.com").
    static func host(ofWebsite raw: String) -> String? {
        var text = Substring(raw.trimmingCharacters(in: .whitespacesAndNewlines).lowercased())
        if let scheme = text.range(of: "://") {
            text = text[scheme.upperBound...]
        } else if text.hasPrefix("//") {
            text = text.dropFirst(2)
        }
        if let end = text.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) {
            text = text[..<end]
        }
        if let at = text.lastIndex(of: "@") {
            text = text[text.index(after: at)...]
        }
        if let colon = text.lastIndex(of: ":") {
            text = text[..<colon]
        }
        return cleanedHost(text)
    }

    /// A host with its trailing dot removed, or nil when it cannot be a domain name.
    private static func cleanedHost(_ text: Substring) -> String? {
        var host = text
        while host.hasSuffix(".") { host = host.dropLast() }
        guard host.contains("."), !host.hasPrefix("."), !host.contains(".."),
              !host.contains(where: { $0.isWhitespace || $0 == "@" || $0 == "/" })
        else { return nil }
        return String(host)
    }
}
