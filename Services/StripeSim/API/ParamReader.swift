/// Reads typed parameters out of a `FormValue` map and remembers which were read, so anything left over is
/// reported as Stripe does: 400 `parameter_unknown` naming the first unknown parameter.
final class ParamReader {
    private let members: [(String, FormValue)]
    private let prefix: String
    private var used: Set<String> = []
    private var children: [ParamReader] = []

    init(_ value: FormValue, prefix: String = "") {
        if case .map(let members) = value { self.members = members } else { self.members = [] }
        self.prefix = prefix
    }

    /// The full bracketed name of a member, as Stripe prints it in errors (`recurring[interval]`).
    func qualified(_ name: String) -> String {
        prefix.isEmpty ? name : "\(prefix)[\(name)]"
    }

    func contains(_ name: String) -> Bool { members.contains { $0.0 == name } }

    private func raw(_ name: String) -> FormValue? {
        used.insert(name)
        return members.last { $0.0 == name }?.1
    }

    /// A string parameter; nil when absent. An empty string is returned as "" (callers treat it as "unset").
    func string(_ name: String) throws(StripeError) -> String? {
        guard let value = raw(name) else { return nil }
        guard case .string(let text) = value else {
            throw StripeError.invalidRequest("Invalid string: \(name) must be a string, not a hash", param: qualified(name))
        }
        return text
    }

    /// A string that must be present and non-empty.
    func requiredString(_ name: String) throws(StripeError) -> String {
        guard let text = try string(name), !text.isEmpty else {
            throw StripeError.invalidRequest("Missing required param: \(qualified(name)).", param: qualified(name), code: "parameter_missing")
        }
        return text
    }

    /// An optional text field: nil when absent, `.some(nil)` when sent empty (clears the field).
    func nullableString(_ name: String) throws(StripeError) -> String?? {
        guard let text = try string(name) else { return nil }
        return .some(text.isEmpty ? nil : text)
    }

    func int(_ name: String) throws(StripeError) -> Int? {
        guard let text = try string(name), !text.isEmpty else { return nil }
        guard let number = Int(text) else {
            throw StripeError.invalidRequest("Invalid integer: \(text)", param: qualified(name))
        }
        return number
    }

    func double(_ name: String) throws(StripeError) -> Double? {
        guard let text = try string(name), !text.isEmpty else { return nil }
        guard let number = Double(text), number.isFinite else {
            throw StripeError.invalidRequest("Invalid decimal: \(text)", param: qualified(name))
        }
        return number
    }

    func bool(_ name: String) throws(StripeError) -> Bool? {
        guard let text = try string(name), !text.isEmpty else { return nil }
        switch text {
        case "true": return true
        case "false": return false
        default: throw StripeError.invalidRequest("Invalid boolean: \(text)", param: qualified(name))
        }
    }

    /// One of a fixed set of words.
    func choice(_ name: String, _ allowed: [String]) throws(StripeError) -> String? {
        guard let text = try string(name), !text.isEmpty else { return nil }
        guard allowed.contains(text) else {
            throw StripeError.invalidRequest(
                "Invalid \(qualified(name)): must be one of \(allowed.joined(separator: ", "))", param: qualified(name))
        }
        return text
    }

    /// A nested hash; nil when absent. `.some(nil)` when sent as an empty string (clears it).
    func object(_ name: String) throws(StripeError) -> ParamReader?? {
        guard let value = raw(name) else { return nil }
        switch value {
        case .string(let text):
            guard text.isEmpty else {
                throw StripeError.invalidRequest("Invalid object: \(qualified(name)) must be a hash", param: qualified(name))
            }
            return .some(nil)
        case .map:
            let child = ParamReader(value, prefix: qualified(name))
            children.append(child)
            return .some(child)
        }
    }

    /// A nested hash that must be a hash when present (an empty string is refused).
    func hash(_ name: String) throws(StripeError) -> ParamReader? {
        guard let found = try object(name) else { return nil }
        guard let reader = found else {
            throw StripeError.invalidRequest("Invalid object: \(qualified(name)) must be a hash", param: qualified(name))
        }
        return reader
    }

    /// An array of hashes (`tiers[0][up_to]`).
    func hashList(_ name: String) throws(StripeError) -> [ParamReader]? {
        guard let value = raw(name) else { return nil }
        if case .string("") = value { return [] }
        guard let items = value.listItems else {
            throw StripeError.invalidRequest("Invalid array: \(qualified(name)) must be an array", param: qualified(name))
        }
        var readers: [ParamReader] = []
        for (index, item) in items.enumerated() {
            guard case .map = item else {
                throw StripeError.invalidRequest("Invalid object: \(qualified(name))[\(index)] must be a hash", param: "\(qualified(name))[\(index)]")
            }
            let child = ParamReader(item, prefix: "\(qualified(name))[\(index)]")
            children.append(child)
            readers.append(child)
        }
        return readers
    }

    /// An array of strings (`expand[]`, `preferred_locales[]`); an empty string means an empty array.
    func stringList(_ name: String) throws(StripeError) -> [String]? {
        guard let value = raw(name) else { return nil }
        switch value {
        case .string(let text):
            return text.isEmpty ? [] : [text]
        case .map:
            guard let items = value.listItems else {
                throw StripeError.invalidRequest("Invalid array: \(qualified(name)) must be an array", param: qualified(name))
            }
            var strings: [String] = []
            for item in items {
                guard case .string(let text) = item else {
                    throw StripeError.invalidRequest("Invalid array: \(qualified(name)) must hold strings", param: qualified(name))
                }
                strings.append(text)
            }
            return strings
        }
    }

    /// A `created`-style filter: either an exact integer or a hash of `gt`, `gte`, `lt`, `lte`.
    func range(_ name: String) throws(StripeError) -> IntRange? {
        guard let value = raw(name) else { return nil }
        switch value {
        case .string(let text):
            guard let exact = Int(text) else { throw StripeError.invalidRequest("Invalid integer: \(text)", param: qualified(name)) }
            return IntRange(lowest: exact, highest: exact)
        case .map:
            let child = ParamReader(value, prefix: qualified(name))
            children.append(child)
            var range = IntRange()
            if let gt = try child.int("gt") { range.lowest = max(range.lowest ?? Int.min, gt + 1) }
            if let gte = try child.int("gte") { range.lowest = max(range.lowest ?? Int.min, gte) }
            if let lt = try child.int("lt") { range.highest = min(range.highest ?? Int.max, lt - 1) }
            if let lte = try child.int("lte") { range.highest = min(range.highest ?? Int.max, lte) }
            return range
        }
    }

    /// Metadata rules: `metadata=` clears every key, `metadata[k]=` removes one key, others are set; at most 50 keys,
    /// names up to 40 characters, values up to 500.
    func applyMetadata(to metadata: inout [String: String]) throws(StripeError) {
        guard let value = raw("metadata") else { return }
        switch value {
        case .string(let text):
            guard text.isEmpty else {
                throw StripeError.invalidRequest("Invalid object: metadata must be a hash", param: "metadata")
            }
            metadata = [:]
        case .map(let members):
            for (name, member) in members {
                guard case .string(let text) = member else {
                    throw StripeError.invalidRequest("Invalid string: metadata[\(name)] must be a string", param: "metadata[\(name)]")
                }
                guard name.count <= 40 else {
                    throw StripeError.invalidRequest("Metadata keys must be at most 40 characters long.", param: "metadata[\(name)]")
                }
                guard text.count <= 500 else {
                    throw StripeError.invalidRequest("Metadata values can have up to 500 characters.", param: "metadata[\(name)]")
                }
                if text.isEmpty { metadata[name] = nil } else { metadata[name] = text }
            }
            guard metadata.count <= 50 else {
                throw StripeError.invalidRequest("You can have at most 50 metadata keys.", param: "metadata")
            }
        }
    }

    /// Fails with `parameter_unknown` on the first parameter nobody read, here or in any nested reader.
    func finish() throws(StripeError) {
        for (name, _) in members where !used.contains(name) {
            let full = qualified(name)
            throw StripeError.invalidRequest("Received unknown parameter: \(full)", param: full, code: "parameter_unknown")
        }
        for child in children { try child.finish() }
    }
}

/// An inclusive integer range from a `created[gte]=…`-style filter; nil bounds are open.
struct IntRange: Sendable, Equatable {
    var lowest: Int?
    var highest: Int?

    func contains(_ value: Int) -> Bool {
        if let lowest, value < lowest { return false }
        if let highest, value > highest { return false }
        return true
    }
}
