/// Writes a Swift enum for a .proto enum, keeping numbers it does not know as `unrecognized`.
struct EnumGenerator {
    let enumeration: TypeCatalog.Enumeration
    let comments: DocComments
    let path: [Int32]

    func generate(into writer: inout CodeWriter) {
        let descriptor = enumeration.descriptor
        let typeName = enumeration.swiftName.split(separator: ".").last.map(String.init) ?? enumeration.swiftName
        // The first name given to a number is the case; later names for it (allow_alias) become static aliases.
        var cases: [(name: String, number: Int32, protoName: String, index: Int)] = []
        var aliases: [(name: String, target: String)] = []
        var caseByNumber: [Int32: String] = [:]
        for (index, value) in descriptor.value.enumerated() {
            let name = SwiftNaming.escaped(SwiftNaming.enumCaseName(value.name, enumName: descriptor.name))
            if let existing = caseByNumber[value.number] {
                aliases.append((name, existing))
            } else {
                caseByNumber[value.number] = name
                cases.append((name, value.number, value.name, index))
            }
        }
        comments.write(path, fallback: "The .proto enum `\(enumeration.fullName)`.", into: &writer)
        writer.block("public enum \(typeName): ProtoEnum {") { writer in
            for value in cases {
                comments.write(path + [2, Int32(value.index)], fallback: nil, into: &writer)
                writer.line("case \(value.name) // = \(value.number)")
            }
            writer.line("/// A number this version of the .proto does not define, kept as received.")
            writer.line("case unrecognized(Int32)")
            for alias in aliases {
                writer.line("public static let \(alias.name): \(typeName) = .\(alias.target)")
            }
            writer.line()
            writer.line("public init() { self = .\(cases[0].name) }")
            writer.line()
            writer.block("public init(rawValue: Int32) {") { writer in
                writer.switchBlock("switch rawValue {") { writer in
                    for value in cases { writer.line("case \(value.number): self = .\(value.name)") }
                    writer.line("default: self = .unrecognized(rawValue)")
                }
            }
            writer.line()
            writer.block("public var rawValue: Int32 {") { writer in
                writer.switchBlock("switch self {") { writer in
                    for value in cases { writer.line("case .\(value.name): return \(value.number)") }
                    writer.line("case .unrecognized(let number): return number")
                }
            }
            writer.line()
            writer.block("public var protoName: String? {") { writer in
                writer.switchBlock("switch self {") { writer in
                    for value in cases { writer.line("case .\(value.name): return \(SwiftNaming.stringLiteral(value.protoName))") }
                    writer.line("case .unrecognized: return nil")
                }
            }
            writer.line()
            writer.block("public init?(protoName: String) {") { writer in
                writer.switchBlock("switch protoName {") { writer in
                    for value in descriptor.value {
                        writer.line("case \(SwiftNaming.stringLiteral(value.name)): self = .\(caseByNumber[value.number] ?? cases[0].name)")
                    }
                    writer.line("default: return nil")
                }
            }
        }
    }
}
