/// Errors of the matching module.
public enum MatchingError: Error, Sendable, Hashable, CustomStringConvertible {
    /// libpsl could load no Public Suffix List.
    case publicSuffixListUnavailable(path: String)

    public var description: String {
        switch self {
        case .publicSuffixListUnavailable(let path):
            return "no Public Suffix List could be loaded (looked for libpsl's built-in list and \(path)); install the Debian packages libpsl5 and publicsuffix (make setup)"
        }
    }
}
