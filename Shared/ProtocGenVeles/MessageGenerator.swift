/// Writes the Swift struct for one message: properties, two-pass encoding, decoding and the JSON schema.
struct MessageGenerator {
    let message: TypeCatalog.Message
    let catalog: TypeCatalog
    let comments: DocComments
    let path: [Int32]

    /// A real (not proto3-`optional` synthetic) oneof and its members.
    struct Oneof {
        let propertyName: String
        let typeName: String
        var members: [FieldModel]
        var isIndirect: Bool
    }

    /// Writes the struct, then (at file level, since extensions cannot nest) the extensions holding its nested types.
    func generate(into writer: inout CodeWriter) throws {
        try writeStruct(into: &writer)
        try generateNested(into: &writer)
    }

    private func writeStruct(into writer: inout CodeWriter) throws {
        let descriptor = message.descriptor
        var oneofNames: [Int: String] = [:]
        for (index, oneof) in descriptor.oneofDecl.enumerated() { oneofNames[index] = oneof.name }
        let fields = try descriptor.field.map {
            try FieldModel($0, in: message, oneofNames: oneofNames, catalog: catalog)
        }
        var oneofs: [String: Oneof] = [:]
        var oneofOrder: [String] = []
        for field in fields {
            guard case .oneofMember(let name) = field.shape else { continue }
            if oneofs[name] == nil {
                oneofOrder.append(name)
                oneofs[name] = Oneof(
                    propertyName: SwiftNaming.escaped(SwiftNaming.memberName(name)),
                    typeName: "OneOf_" + SwiftNaming.upperCamel(name), members: [], isIndirect: false)
            }
            oneofs[name]?.members.append(field)
            if field.value.isMessage, catalog.needsBox(fieldType: field.descriptor.typeName, container: message.fullName) {
                oneofs[name]?.isIndirect = true
            }
        }
        let typeName = message.swiftName.split(separator: ".").last.map(String.init) ?? message.swiftName

        comments.write(path, fallback: "The .proto message `\(message.fullName)`.", into: &writer)
        writer.block("public struct \(typeName): ProtoMessage {") { writer in
            for (index, field) in fields.enumerated() {
                declare(field, oneof: oneofs, fieldPath: path + [2, Int32(index)], into: &writer)
            }
            for name in oneofOrder {
                let oneof = oneofs[name]!
                writer.line("public var \(oneof.propertyName): \(oneof.typeName)? = nil")
            }
            writer.line("public var unknownFields = UnknownFields()")
            writer.line()
            for name in oneofOrder {
                declareOneofEnum(oneofs[name]!, into: &writer)
                writer.line()
            }
            writer.line("public static let protoMessageName = \(SwiftNaming.stringLiteral(message.fullName))")
            writer.line()
            writer.line("public init() {}")
            writer.line()
            let ordered = fields.sorted { $0.number < $1.number }
            writeSize(ordered, oneofs: oneofs, into: &writer)
            writer.line()
            writeEncode(ordered, oneofs: oneofs, into: &writer)
            writer.line()
            writeDecode(fields, oneofs: oneofs, into: &writer)
            writer.line()
            writeSchema(fields, into: &writer)
        }
    }

    private func generateNested(into writer: inout CodeWriter) throws {
        let descriptor = message.descriptor
        let nestedMessages = descriptor.nestedType.enumerated().compactMap { index, nested -> MessageGenerator? in
            guard !nested.options.mapEntry, let info = catalog.messages[message.fullName + "." + nested.name] else { return nil }
            return MessageGenerator(message: info, catalog: catalog, comments: comments, path: path + [3, Int32(index)])
        }
        guard !descriptor.enumType.isEmpty || !nestedMessages.isEmpty else { return }
        writer.line()
        var failure: Error?
        writer.block("extension \(message.swiftName) {") { writer in
            var first = true
            for (index, enumeration) in descriptor.enumType.enumerated() {
                guard let info = catalog.enums[message.fullName + "." + enumeration.name] else { continue }
                if !first { writer.line() }
                first = false
                EnumGenerator(enumeration: info, comments: comments, path: path + [4, Int32(index)]).generate(into: &writer)
            }
            for nested in nestedMessages {
                if !first { writer.line() }
                first = false
                do { try nested.writeStruct(into: &writer) } catch { failure = error }
            }
        }
        if let failure { throw failure }
        for nested in nestedMessages { try nested.generateNested(into: &writer) }
    }

    // MARK: Properties

    private func declare(_ field: FieldModel, oneof: [String: Oneof], fieldPath: [Int32], into writer: inout CodeWriter) {
        let name = field.propertyName
        let storage = "_" + field.baseName
        let capitalized = field.baseName.prefix(1).uppercased() + field.baseName.dropFirst()
        comments.write(fieldPath, fallback: nil, into: &writer)
        switch field.shape {
        case .plain, .repeated, .map:
            writer.line("public var \(name): \(field.swiftType) = \(field.defaultLiteral)")
        case .optional, .boxed:
            let isBoxed: Bool = { if case .boxed = field.shape { return true }; return false }()
            writer.block("public var \(name): \(field.swiftType) {") { writer in
                writer.line(isBoxed ? "get { \(storage)?.value ?? \(field.defaultLiteral) }" : "get { \(storage) ?? \(field.defaultLiteral) }")
                writer.line(isBoxed ? "set { \(storage) = ProtoBox(newValue) }" : "set { \(storage) = newValue }")
            }
            writer.line("/// True when `\(field.baseName)` was set, even to its default value.")
            writer.line("public var has\(capitalized): Bool { \(storage) != nil }")
            writer.line("/// Makes `\(field.baseName)` absent again.")
            writer.line("public mutating func clear\(capitalized)() { \(storage) = nil }")
            let storageType = isBoxed ? "ProtoBox<\(field.swiftType)>" : field.swiftType
            writer.line("private var \(storage): \(storageType)? = nil")
        case .oneofMember(let oneofName):
            let property = oneof[oneofName]!.propertyName
            writer.block("public var \(name): \(field.swiftType) {") { writer in
                writer.line("get { if case .\(name)(let value)? = \(property) { return value }; return \(field.defaultLiteral) }")
                writer.line("set { \(property) = .\(name)(newValue) }")
            }
        }
    }

    private func declareOneofEnum(_ oneof: Oneof, into writer: inout CodeWriter) {
        writer.line("/// Which field of the oneof `\(oneof.propertyName)` is set.")
        let keyword = oneof.isIndirect ? "public indirect enum" : "public enum"
        writer.block("\(keyword) \(oneof.typeName): Hashable, Sendable {") { writer in
            for member in oneof.members {
                writer.line("case \(member.propertyName)(\(member.swiftType))")
            }
        }
    }

    // MARK: Encoding

    private func writeSize(_ fields: [FieldModel], oneofs: [String: Oneof], into writer: inout CodeWriter) {
        writer.block("public func serializedSize() -> Int {") { writer in
            guard !fields.isEmpty else {
                writer.line("unknownFields.count")
                return
            }
            writer.line("var size = 0")
            var writtenOneofs: Set<String> = []
            for field in fields {
                let name = field.propertyName
                let storage = "_" + field.baseName
                let keySize = FieldModel.keySize(field.key)
                let ldKeySize = FieldModel.keySize(field.lengthDelimitedKey)
                let codec = field.value.codec
                switch field.shape {
                case .plain:
                    writer.line("if \(field.value.nonZeroCondition(name)) { size &+= \(keySize) &+ \(codec).payloadSize(\(name)) }")
                case .optional:
                    if field.value.isMessage {
                        writer.line("if let value = \(storage) { size &+= \(keySize) &+ ProtoSize.message(value) }")
                    } else {
                        writer.line("if let value = \(storage) { size &+= \(keySize) &+ \(codec).payloadSize(value) }")
                    }
                case .boxed:
                    writer.line("if let box = \(storage) { size &+= \(keySize) &+ ProtoSize.message(box.value) }")
                case .repeated(let packed):
                    if field.value.isMessage {
                        writer.line("size &+= ProtoSize.messages(keySize: \(keySize), \(name))")
                    } else if packed {
                        writer.line("size &+= ProtoSize.packed(keySize: \(ldKeySize), \(codec).self, \(name))")
                    } else {
                        writer.line("size &+= ProtoSize.unpacked(keySize: \(keySize), \(codec).self, \(name))")
                    }
                case .map(let key, let value):
                    if value.isMessage {
                        writer.line("size &+= ProtoSize.map(keySize: \(ldKeySize), \(key.codec).self, message: \(value.swiftType).self, \(name))")
                    } else {
                        writer.line("size &+= ProtoSize.map(keySize: \(ldKeySize), \(key.codec).self, \(value.codec).self, \(name))")
                    }
                case .oneofMember(let oneofName):
                    guard writtenOneofs.insert(oneofName).inserted, let oneof = oneofs[oneofName] else { continue }
                    writer.switchBlock("switch \(oneof.propertyName) {") { writer in
                        for member in oneof.members {
                            let memberKeySize = FieldModel.keySize(member.key)
                            let memberSize = member.value.isMessage
                                ? "ProtoSize.message(value)" : "\(member.value.codec).payloadSize(value)"
                            writer.line("case .\(member.propertyName)(let value)?: size &+= \(memberKeySize) &+ \(memberSize)")
                        }
                        writer.line("case nil: break")
                    }
                }
            }
            writer.line("return size &+ unknownFields.count")
        }
    }

    private func writeEncode(_ fields: [FieldModel], oneofs: [String: Oneof], into writer: inout CodeWriter) {
        writer.block("public func encodeFields(to writer: inout ProtoWriter) {") { writer in
            var writtenOneofs: Set<String> = []
            for field in fields {
                let name = field.propertyName
                let storage = "_" + field.baseName
                let codec = field.value.codec
                let key = field.key
                let ldKey = field.lengthDelimitedKey
                switch field.shape {
                case .plain:
                    writer.line("if \(field.value.nonZeroCondition(name)) { writer.write(\(codec).self, key: \(key), \(name)) }")
                case .optional:
                    if field.value.isMessage {
                        writer.line("if let value = \(storage) { writer.writeMessage(key: \(key), value) }")
                    } else {
                        writer.line("if let value = \(storage) { writer.write(\(codec).self, key: \(key), value) }")
                    }
                case .boxed:
                    writer.line("if let box = \(storage) { writer.writeMessage(key: \(key), box.value) }")
                case .repeated(let packed):
                    if field.value.isMessage {
                        writer.line("writer.writeMessages(key: \(key), \(name))")
                    } else if packed {
                        writer.line("if !\(name).isEmpty { writer.writePacked(\(codec).self, key: \(ldKey), \(name)) }")
                    } else {
                        writer.line("writer.writeUnpacked(\(codec).self, key: \(key), \(name))")
                    }
                case .map(let keyKind, let value):
                    if value.isMessage {
                        writer.line("writer.writeMap(\(keyKind.codec).self, message: \(value.swiftType).self, key: \(ldKey), \(name))")
                    } else {
                        writer.line("writer.writeMap(\(keyKind.codec).self, \(value.codec).self, key: \(ldKey), \(name))")
                    }
                case .oneofMember(let oneofName):
                    guard writtenOneofs.insert(oneofName).inserted, let oneof = oneofs[oneofName] else { continue }
                    writer.switchBlock("switch \(oneof.propertyName) {") { writer in
                        for member in oneof.members {
                            let write = member.value.isMessage
                                ? "writer.writeMessage(key: \(member.key), value)"
                                : "writer.write(\(member.value.codec).self, key: \(member.key), value)"
                            writer.line("case .\(member.propertyName)(let value)?: \(write)")
                        }
                        writer.line("case nil: break")
                    }
                }
            }
            writer.line("writer.writeUnknown(unknownFields)")
        }
    }

    // MARK: Decoding

    private func writeDecode(_ fields: [FieldModel], oneofs: [String: Oneof], into writer: inout CodeWriter) {
        writer.block("public mutating func decodeFields(from reader: inout ProtoReader) throws {") { writer in
            writer.block("while let tag = try reader.nextTag() {") { writer in
                guard !fields.isEmpty else {
                    writer.line("try reader.skipField(tag, into: &unknownFields)")
                    return
                }
                writer.switchBlock("switch tag.fieldNumber {") { writer in
                    for field in fields { decodeCase(field, oneofs: oneofs, into: &writer) }
                    writer.line("default: try reader.skipField(tag, into: &unknownFields)")
                }
            }
        }
    }

    private func decodeCase(_ field: FieldModel, oneofs: [String: Oneof], into writer: inout CodeWriter) {
        let name = field.propertyName
        let storage = "_" + field.baseName
        let codec = field.value.codec
        let type = field.value.swiftType
        let label = "case \(field.number):"
        switch field.shape {
        case .plain:
            writer.line("\(label) \(name) = try reader.read(\(codec).self, tag)")
        case .optional:
            if field.value.isMessage {
                writer.line("\(label)")
                writer.line("    if \(storage) == nil { \(storage) = \(type)() }")
                writer.line("    try reader.mergeMessage(tag, into: &\(storage)!)")
            } else {
                writer.line("\(label) \(storage) = try reader.read(\(codec).self, tag)")
            }
        case .boxed:
            writer.line("\(label)")
            writer.line("    var value = \(storage)?.value ?? \(type)()")
            writer.line("    try reader.mergeMessage(tag, into: &value)")
            writer.line("    \(storage) = ProtoBox(value)")
        case .repeated:
            if field.value.isMessage {
                writer.line("\(label) try reader.readRepeatedMessage(tag, into: &\(name))")
            } else {
                writer.line("\(label) try reader.readRepeated(\(codec).self, tag, into: &\(name))")
            }
        case .map(let key, let value):
            if value.isMessage {
                writer.line("\(label) try reader.readMapEntry(\(key.codec).self, message: \(value.swiftType).self, tag, into: &\(name))")
            } else {
                writer.line("\(label) try reader.readMapEntry(\(key.codec).self, \(value.codec).self, tag, into: &\(name))")
            }
        case .oneofMember(let oneofName):
            let property = oneofs[oneofName]!.propertyName
            if field.value.isMessage {
                writer.line("\(label)")
                writer.line("    var value = \(type)()")
                writer.line("    if case .\(name)(let existing)? = \(property) { value = existing }")
                writer.line("    try reader.mergeMessage(tag, into: &value)")
                writer.line("    \(property) = .\(name)(value)")
            } else {
                writer.line("\(label) \(property) = .\(name)(try reader.read(\(codec).self, tag))")
            }
        }
    }

    // MARK: Schema

    private func writeSchema(_ fields: [FieldModel], into writer: inout CodeWriter) {
        guard !fields.isEmpty else {
            writer.line("public static let protoSchema = ProtoMessageSchema(messageName: protoMessageName, fields: [])")
            return
        }
        writer.block("public static let protoSchema = ProtoMessageSchema(messageName: protoMessageName, fields: [", closing: "])") { writer in
            for field in fields {
                let descriptor = field.descriptor
                let jsonName = descriptor.jsonName.isEmpty ? SwiftNaming.lowerCamel(descriptor.name) : descriptor.jsonName
                var arguments = [
                    "number: \(field.number)", "name: \(SwiftNaming.stringLiteral(descriptor.name))",
                    "jsonName: \(SwiftNaming.stringLiteral(jsonName))",
                ]
                var cardinality: String?
                var flags: [String] = []
                if field.isSecret { flags.append("isSecret: true") }
                switch field.shape {
                case .map(let key, let value):
                    cardinality = "cardinality: .map(key: \(key.schemaType), value: \(value.schemaType))"
                case .repeated(let packed):
                    cardinality = "cardinality: .repeated"
                    if packed { flags.append("isPacked: true") }
                case .optional, .boxed, .oneofMember:
                    flags.append("hasPresence: true")
                case .plain:
                    break
                }
                arguments.append("type: \(field.value.schemaType)")
                if let cardinality { arguments.append(cardinality) }
                arguments.append(contentsOf: flags)
                writer.line("ProtoFieldSchema(\(arguments.joined(separator: ", "))),")
            }
        }
    }
}
