/// A request parameter in Stripe's nested bracket syntax (`metadata[plan]=pro`, `tiers[0][up_to]=inf`, `expand[]=tiers`).
///
/// Arrays arrive as maps with index keys (`0`, `1`, …); `listItems` reads them back in index order.
indirect enum FormValue: Sendable, Equatable {
    case string(String)
    case map([(String, FormValue)])

    static func == (lhs: FormValue, rhs: FormValue) -> Bool {
        lhs.canonical == rhs.canonical
    }

    /// Members of a map in index order when every key is a number (an array); nil otherwise.
    var listItems: [FormValue]? {
        guard case .map(let members) = self else { return nil }
        var indexed: [(Int, FormValue)] = []
        for (key, value) in members {
            guard let index = Int(key), index >= 0 else { return nil }
            indexed.append((index, value))
        }
        return indexed.sorted { $0.0 < $1.0 }.map(\.1)
    }

    /// A stable text form with map keys sorted, for comparing two requests' parameters.
    var canonical: String {
        switch self {
        case .string(let text):
            return "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
        case .map(let members):
            let sorted = members.sorted { $0.0 < $1.0 }
            return "{" + sorted.map { "\(FormValue.string($0.0).canonical):\($0.1.canonical)" }.joined(separator: ",") + "}"
        }
    }

    /// Builds the parameter tree from decoded `name=value` pairs.
    static func tree(from pairs: [(name: String, value: String)]) throws(StripeError) -> FormValue {
        var root = FormValue.map([])
        for (name, value) in pairs {
            let path = try keyPath(name)
            try root.insert(value, at: path[...], fullName: name)
        }
        return root
    }

    /// `a[b][]` → `["a", "b", ""]`.
    static func keyPath(_ name: String) throws(StripeError) -> [String] {
        guard let open = name.firstIndex(of: "[") else { return [name] }
        var parts = [String(name[..<open])]
        var rest = name[open...]
        while !rest.isEmpty {
            guard rest.first == "[", let close = rest.firstIndex(of: "]") else {
                throw StripeError.invalidRequest("Invalid parameter name: \(name)", param: name)
            }
            parts.append(String(rest[rest.index(after: rest.startIndex)..<close]))
            rest = rest[rest.index(after: close)...]
        }
        guard !parts[0].isEmpty else { throw StripeError.invalidRequest("Invalid parameter name: \(name)", param: name) }
        return parts
    }

    private mutating func insert(_ value: String, at path: ArraySlice<String>, fullName: String) throws(StripeError) {
        guard case .map(var members) = self else {
            throw StripeError.invalidRequest("Invalid parameter: \(fullName) mixes a value and nested keys", param: fullName)
        }
        guard var head = path.first else { return }
        if head.isEmpty { head = String(members.count) }
        let rest = path.dropFirst()
        let existing = members.firstIndex { $0.0 == head }
        if rest.isEmpty {
            if let existing {
                guard case .string = members[existing].1 else {
                    throw StripeError.invalidRequest("Invalid parameter: \(fullName) mixes a value and nested keys", param: fullName)
                }
                members[existing].1 = .string(value)
            } else {
                members.append((head, .string(value)))
            }
        } else {
            var child: FormValue
            if let existing {
                child = members[existing].1
                // `metadata=` followed by `metadata[k]=v`: the nested keys win.
                if case .string("") = child { child = .map([]) }
            } else {
                child = .map([])
            }
            try child.insert(value, at: rest, fullName: fullName)
            if let existing { members[existing].1 = child } else { members.append((head, child)) }
        }
        self = .map(members)
    }
}
