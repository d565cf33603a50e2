import Foundation

/// Command-line flags with `VELES_*` environment fallbacks (a flag wins), and the `--help` text built from them.
///
/// Declare every option first, then call `finish()`: it prints help and exits 0 on `--help`, and exits 2 with a
/// message on an unknown flag or a malformed value, so a typo never starts a process with a silent default.
public final class Options {
    private struct Declared {
        let name: String
        let environment: String?
        let defaultText: String?
        let help: String
        let takesValue: Bool
    }

    public let program: String
    public let summary: String
    private var declared: [Declared] = []
    private var values: [String: String] = [:]
    /// Where a value given as a separate argument (`--name value`) stood, so a switch can hand it back as a positional.
    private var separateValueIndex: [String: Int] = [:]
    private var positionalIndexes: [Int] = []
    private var switches: Set<String> = []
    private var problems: [String] = []
    private let environment: [String: String]
    /// Arguments that are not flags, in order (subcommands, file names).
    public private(set) var positionals: [String] = []
    private var helpRequested = false

    public init(
        program: String,
        summary: String,
        arguments: [String] = Array(CommandLine.arguments.dropFirst()),
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) {
        self.program = program
        self.summary = summary
        self.environment = environment
        parse(arguments)
    }

    private func parse(_ arguments: [String]) {
        var index = 0
        var onlyPositionals = false
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            if onlyPositionals || !argument.hasPrefix("--") || argument == "-" {
                positionals.append(argument)
                positionalIndexes.append(index - 1)
                continue
            }
            if argument == "--" { onlyPositionals = true; continue }
            if argument == "--help" || argument == "-h" { helpRequested = true; continue }
            let body = argument.dropFirst(2)
            if let equals = body.firstIndex(of: "=") {
                values[String(body[..<equals])] = String(body[body.index(after: equals)...])
            } else if index < arguments.count, !arguments[index].hasPrefix("--") {
                values[String(body)] = arguments[index]
                separateValueIndex[String(body)] = index
                index += 1
            } else {
                switches.insert(String(body))
            }
        }
    }

    private func declare(_ name: String, environment: String?, defaultText: String?, help: String, takesValue: Bool) {
        declared.append(Declared(name: name, environment: environment, defaultText: defaultText, help: help, takesValue: takesValue))
    }

    private func raw(_ name: String, environment variable: String?) -> String? {
        if let value = values[name] { return value }
        if let variable, let value = environment[variable], !value.isEmpty { return value }
        return nil
    }

    /// A text option; `nil` when neither the flag, the variable nor a default gives one.
    public func string(_ name: String, env: String? = nil, default defaultValue: String? = nil, help: String) -> String? {
        declare(name, environment: env, defaultText: defaultValue, help: help, takesValue: true)
        if switches.contains(name) { problems.append("--\(name) needs a value") }
        return raw(name, environment: env) ?? defaultValue
    }

    /// A text option that always has a value.
    public func string(_ name: String, env: String? = nil, default defaultValue: String, help: String) -> String {
        let value: String? = string(name, env: env, default: Optional(defaultValue), help: help)
        return value ?? defaultValue
    }

    /// A whole-number option.
    public func int(_ name: String, env: String? = nil, default defaultValue: Int, help: String) -> Int {
        declare(name, environment: env, defaultText: String(defaultValue), help: help, takesValue: true)
        guard let text = raw(name, environment: env) else { return defaultValue }
        guard let value = Int(text) else {
            problems.append("--\(name) must be a whole number, got '\(text)'")
            return defaultValue
        }
        return value
    }

    /// A number option (seconds, ratios).
    public func double(_ name: String, env: String? = nil, default defaultValue: Double, help: String) -> Double {
        declare(name, environment: env, defaultText: String(defaultValue), help: help, takesValue: true)
        guard let text = raw(name, environment: env) else { return defaultValue }
        guard let value = Double(text) else {
            problems.append("--\(name) must be a number, got '\(text)'")
            return defaultValue
        }
        return value
    }

    /// An on/off switch: `--name`, `--name=true|false`, or the variable set to 1/true/yes.
    public func flag(_ name: String, env: String? = nil, help: String) -> Bool {
        declare(name, environment: env, defaultText: nil, help: help, takesValue: false)
        if switches.contains(name) { return true }
        if let position = separateValueIndex[name], let word = values[name], Self.booleanWord(word) == nil {
            // `--verbose call …`: the word after a switch was never its value.
            values[name] = nil
            let slot = positionalIndexes.firstIndex { $0 > position } ?? positionals.count
            positionals.insert(word, at: slot)
            positionalIndexes.insert(position, at: slot)
            return true
        }
        guard let text = raw(name, environment: env) else { return false }
        guard let value = Self.booleanWord(text) else {
            problems.append("--\(name) must be true or false, got '\(text)'")
            return false
        }
        return value
    }

    private static func booleanWord(_ text: String) -> Bool? {
        switch text.lowercased() {
        case "1", "true", "yes", "on": true
        case "0", "false", "no", "off": false
        default: nil
        }
    }

    /// The help text: usage, summary and every declared option with its variable and default.
    public var helpText: String {
        var lines = ["usage: \(program) [options]", "", summary, "", "options:"]
        for option in declared {
            var head = "  --\(option.name)" + (option.takesValue ? " VALUE" : "")
            if let variable = option.environment { head += "  (env \(variable))" }
            lines.append(head)
            var body = "      \(option.help)"
            if let text = option.defaultText { body += " [default: \(text)]" }
            lines.append(body)
        }
        lines.append("  --help\n      print this text")
        return lines.joined(separator: "\n")
    }

    /// Checks what was given against what was declared; prints help or errors and exits when the process must not start.
    public func finish(allowPositionals: Bool = false) {
        if helpRequested {
            print(helpText)
            exit(0)
        }
        let known = Set(declared.map(\.name))
        for name in Set(values.keys).union(switches).subtracting(known).sorted() {
            problems.append("unknown option --\(name)")
        }
        if !allowPositionals, !positionals.isEmpty {
            problems.append("unexpected argument '\(positionals[0])'")
        }
        guard problems.isEmpty else {
            for problem in problems {
                FileHandle.standardError.write(Data("\(program): \(problem)\n".utf8))
            }
            FileHandle.standardError.write(Data("\(program): see --help\n".utf8))
            exit(2)
        }
    }

    /// Adds a problem found while interpreting a value (a malformed URL, say); `finish()` reports it and exits.
    public func reportProblem(_ message: String) {
        problems.append(message)
    }

    /// Problems found so far, for tests and for callers that report them their own way.
    public var errors: [String] { problems }
}
