/// A command line that names no command velesctl has; main says which, then prints the usage, on standard error.
struct UnknownCommand: Error, CustomStringConvertible {
    /// The command group typed first (`bus`, `token`), when the unknown word came after one.
    let group: String?
    /// The word that names no command; nil when a group was typed with nothing after it.
    let command: String?

    var description: String {
        guard let command else { return "'\(group ?? "")' needs a command after it" }
        return "unknown command '\([group, command].compactMap { $0 }.joined(separator: " "))'"
    }
}
