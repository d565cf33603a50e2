/// A journal that cannot be read or written.
public enum JournalError: Error, Sendable, CustomStringConvertible {
    case corrupt(offset: Int, reason: String)
    case io(String)

    public var description: String {
        switch self {
        case .corrupt(let offset, let reason): "journal record at byte \(offset) is corrupt: \(reason)"
        case .io(let reason): reason
        }
    }
}
