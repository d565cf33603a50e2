/// Every message and enum of the request, by full proto name, with the Swift name generated for it.
struct TypeCatalog {
    /// A message type known to protoc.
    struct Message {
        let fullName: String
        let swiftName: String
        let descriptor: Google_Protobuf_DescriptorProto
        let file: Google_Protobuf_FileDescriptorProto
        var isMapEntry: Bool { descriptor.options.mapEntry }
    }

    /// An enum type known to protoc.
    struct Enumeration {
        let fullName: String
        let swiftName: String
        let descriptor: Google_Protobuf_EnumDescriptorProto
    }

    private(set) var messages: [String: Message] = [:]
    private(set) var enums: [String: Enumeration] = [:]
    /// Messages reachable through singular message fields (arrays and maps already store on the heap).
    private var inlineEdges: [String: [String]] = [:]

    init(files: [Google_Protobuf_FileDescriptorProto]) {
        for file in files {
            let prefix = SwiftNaming.packagePrefix(file.package)
            let scope = file.package.isEmpty ? "" : file.package + "."
            for message in file.messageType {
                add(message, fullName: scope + message.name, swiftName: prefix + message.name, file: file)
            }
            for enumeration in file.enumType {
                enums[scope + enumeration.name] = Enumeration(
                    fullName: scope + enumeration.name, swiftName: prefix + enumeration.name, descriptor: enumeration)
            }
        }
    }

    private mutating func add(_ message: Google_Protobuf_DescriptorProto, fullName: String, swiftName: String, file: Google_Protobuf_FileDescriptorProto) {
        messages[fullName] = Message(fullName: fullName, swiftName: swiftName, descriptor: message, file: file)
        inlineEdges[fullName] = message.field.compactMap { field in
            guard field.type == .message, field.label != .repeated else { return nil }
            return Self.strip(field.typeName)
        }
        for nested in message.nestedType {
            add(nested, fullName: fullName + "." + nested.name,
                swiftName: swiftName + "." + SwiftNaming.nestedTypeName(nested.name, isEnum: false), file: file)
        }
        for enumeration in message.enumType {
            enums[fullName + "." + enumeration.name] = Enumeration(
                fullName: fullName + "." + enumeration.name,
                swiftName: swiftName + "." + SwiftNaming.nestedTypeName(enumeration.name, isEnum: true),
                descriptor: enumeration)
        }
    }

    /// `.veles.bus.v1.Envelope` → `veles.bus.v1.Envelope`.
    static func strip(_ typeName: String) -> String {
        typeName.hasPrefix(".") ? String(typeName.dropFirst()) : typeName
    }

    func message(_ typeName: String) throws -> Message {
        guard let message = messages[Self.strip(typeName)] else { throw GeneratorError("unknown message type \(typeName)") }
        return message
    }

    func enumeration(_ typeName: String) throws -> Enumeration {
        guard let enumeration = enums[Self.strip(typeName)] else { throw GeneratorError("unknown enum type \(typeName)") }
        return enumeration
    }

    /// True when a value of `fieldType` can contain a `container` inline, so the field needs heap storage.
    func needsBox(fieldType: String, container: String) -> Bool {
        var seen: Set<String> = []
        var stack = [Self.strip(fieldType)]
        while let next = stack.popLast() {
            if next == container { return true }
            guard seen.insert(next).inserted else { continue }
            stack.append(contentsOf: inlineEdges[next] ?? [])
        }
        return false
    }
}
