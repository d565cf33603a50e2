import CPSL

/// Reduces a host name to its registrable domain ("billing.mail.acme.co.uk" to "acme.co.uk") with
/// the Public Suffix List through libpsl, never a hand-made list of suffixes.
///
/// libpsl only reads its context after loading it, so one instance is shared by every thread.
public final class RegistrableDomainResolver: @unchecked Sendable {
    /// Where Debian's `publicsuffix` package installs the list in libpsl's compiled form.
    public static let installedListPath = "/usr/share/publicsuffix/public_suffix_list.dafsa"

    private let context: OpaquePointer
    private let ownsContext: Bool

    /// Uses the newer of libpsl's built-in list and the installed one.
    public init() throws(MatchingError) {
        if let latest = psl_latest(nil) {
            context = latest
            ownsContext = true
        } else if let builtin = psl_builtin() {
            context = builtin
            ownsContext = false
        } else {
            throw .publicSuffixListUnavailable(path: RegistrableDomainResolver.installedListPath)
        }
    }

    /// Loads the list from a file (the `.dat` text form or the `.dafsa` form).
    public init(contentsOf path: String) throws(MatchingError) {
        guard let loaded = psl_load_file(path) else {
            throw .publicSuffixListUnavailable(path: path)
        }
        context = loaded
        ownsContext = true
    }

    deinit {
        if ownsContext {
            psl_free(context)
        }
    }

    /// The registrable domain of a lowercase host, or nil when the host is itself a public suffix
    /// ("co.uk"), a single label ("localhost") or not a domain name at all.
    public func registrableDomain(ofHost host: String) -> String? {
        host.withCString { pointer -> String? in
            // libpsl answers with a pointer into the string it was given.
            guard let start = psl_registrable_domain(context, pointer) else { return nil }
            return String(cString: start)
        }
    }
}
