/// Name conversions from .proto spellings to Swift ones, matching swift-protobuf's conventions.
enum SwiftNaming {
    static let keywords: Set<String> = [
        "associatedtype", "class", "deinit", "enum", "extension", "fileprivate", "func", "import", "init", "inout",
        "internal", "let", "open", "operator", "private", "precedencegroup", "protocol", "public", "rethrows", "static",
        "struct", "subscript", "typealias", "var", "break", "case", "catch", "continue", "default", "defer", "do", "else",
        "fallthrough", "for", "guard", "if", "in", "repeat", "return", "throw", "switch", "where", "while", "Any", "as",
        "false", "is", "nil", "self", "Self", "super", "throws", "true", "try", "await", "async", "Type", "Protocol",
    ]

    /// Property names that backticks cannot rescue (`self`) or that generated members already use; such fields get a
    /// `_p` suffix, as swift-protobuf does.
    static let reservedMemberNames: Set<String> = [
        "self", "Self", "Type", "Protocol", "init", "unknownFields", "protoMessageName", "protoSchema", "serializedSize",
        "encodeFields", "decodeFields", "serializedBytes", "jsonString", "redactingSecrets", "merge", "hashValue",
        "hash",
    ]

    /// The Swift property name for a .proto field or oneof name.
    static func memberName(_ protoName: String) -> String {
        let camel = lowerCamel(protoName)
        return reservedMemberNames.contains(camel) ? camel + "_p" : camel
    }

    /// Backticks a name that is a Swift keyword.
    static func escaped(_ name: String) -> String {
        keywords.contains(name) ? "`\(name)`" : name
    }

    /// `api_key_last4` → `apiKeyLast4`.
    static func lowerCamel(_ snake: String) -> String {
        var result = ""
        var upperNext = false
        for character in snake {
            if character == "_" {
                upperNext = !result.isEmpty
            } else if upperNext {
                result += character.uppercased()
                upperNext = false
            } else {
                result.append(character)
            }
        }
        return result.isEmpty ? "_" : result
    }

    /// `page_info` / `pageInfo` → `PageInfo`.
    static func upperCamel(_ name: String) -> String {
        let camel = lowerCamel(name)
        return camel.prefix(1).uppercased() + camel.dropFirst()
    }

    /// `veles.bus.v1` → `Veles_Bus_V1_`.
    static func packagePrefix(_ package: String) -> String {
        guard !package.isEmpty else { return "" }
        return package.split(separator: ".").map { upperCamel(String($0)) }.joined(separator: "_") + "_"
    }

    /// `StatusCode` → `STATUS_CODE`.
    static func screamingSnake(_ camel: String) -> String {
        var result = ""
        var previousWasLower = false
        for character in camel {
            if character.isUppercase && previousWasLower { result += "_" }
            result += character.uppercased()
            previousWasLower = character.isLowercase || character.isNumber
        }
        return result
    }

    /// `STATUS_CODE_INVALID_ARGUMENT` in enum `StatusCode` → `invalidArgument`.
    static func enumCaseName(_ valueName: String, enumName: String) -> String {
        let prefix = screamingSnake(enumName) + "_"
        var stripped = valueName
        if valueName.hasPrefix(prefix), let first = valueName.dropFirst(prefix.count).first, !first.isNumber {
            stripped = String(valueName.dropFirst(prefix.count))
        }
        let camel = lowerCamel(stripped.lowercased())
        if camel == "unrecognized" || reservedMemberNames.contains(camel) { return camel + "_" }
        if let first = camel.first, first.isNumber { return "_" + camel }
        return camel
    }

    /// A nested type name that cannot clash with Swift's `.Type` and `.Protocol`.
    static func nestedTypeName(_ name: String, isEnum: Bool) -> String {
        guard name == "Type" || name == "Protocol" else { return name }
        return name + (isEnum ? "Enum" : "Message")
    }

    /// `veles/bus/v1/envelope.proto` → `veles_bus_v1_envelope.pb.swift` (unique within a module).
    static func outputFileName(_ protoPath: String) -> String {
        var base = protoPath
        if base.hasSuffix(".proto") { base.removeLast(".proto".count) }
        return base.split(separator: "/").joined(separator: "_") + ".pb.swift"
    }

    /// A Swift string literal for `value`.
    static func stringLiteral(_ value: String) -> String {
        var result = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    result += "\\u{\(String(scalar.value, radix: 16))}"
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result + "\""
    }
}
