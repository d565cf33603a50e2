/// Writes a service's descriptor and, when the bus types are available, its handler protocol and client stub.
struct ServiceGenerator {
    let service: Google_Protobuf_ServiceDescriptorProto
    let file: Google_Protobuf_FileDescriptorProto
    let catalog: TypeCatalog
    let comments: DocComments
    let path: [Int32]
    let generateStubs: Bool

    static let idempotentOptionNumber = 50001
    static let internalOptionNumber = 50002

    /// One method with the Swift names used for it.
    struct Method {
        let descriptor: Google_Protobuf_MethodDescriptorProto
        let swiftName: String
        let requestType: TypeCatalog.Message
        let responseType: TypeCatalog.Message
        let idempotent: Bool
        let isInternal: Bool
        let index: Int
    }

    private var fullName: String { file.package.isEmpty ? service.name : file.package + "." + service.name }
    private var swiftName: String { SwiftNaming.packagePrefix(file.package) + service.name }

    func generate(into writer: inout CodeWriter) throws {
        let methods = try service.method.enumerated().map { index, method in
            guard !method.clientStreaming, !method.serverStreaming else {
                throw GeneratorError("\(fullName).\(method.name): streaming methods are not supported")
            }
            let options = method.options.unknownFields
            return Method(
                descriptor: method,
                swiftName: SwiftNaming.escaped(method.name.prefix(1).lowercased() + method.name.dropFirst()),
                requestType: try catalog.message(method.inputType),
                responseType: try catalog.message(method.outputType),
                idempotent: options.varints(forField: Self.idempotentOptionNumber).last.map { $0 != 0 } ?? false,
                isInternal: options.varints(forField: Self.internalOptionNumber).last.map { $0 != 0 } ?? false,
                index: index)
        }
        writeDescriptor(methods, into: &writer)
        guard generateStubs else { return }
        writer.line()
        writeHandler(methods, into: &writer)
        writer.line()
        writeClient(methods, into: &writer)
    }

    private func writeDescriptor(_ methods: [Method], into writer: inout CodeWriter) {
        comments.write(path, fallback: "The .proto service `\(fullName)`: its descriptor and methods.", into: &writer)
        writer.block("public enum \(swiftName) {") { writer in
            let list = methods.map { "Methods.\($0.swiftName)" }.joined(separator: ", ")
            writer.line("public static let descriptor = ServiceDescriptor(fullName: \(SwiftNaming.stringLiteral(fullName)), methods: [\(list)])")
            writer.line()
            writer.line("/// One descriptor per method, with its path and options.")
            writer.block("public enum Methods {") { writer in
                for method in methods {
                    comments.write(path + [2, Int32(method.index)], fallback: nil, into: &writer)
                    writer.line("public static let \(method.swiftName) = MethodDescriptor(")
                    writer.line("    service: \(SwiftNaming.stringLiteral(fullName)), name: \(SwiftNaming.stringLiteral(method.descriptor.name)),")
                    writer.line("    idempotent: \(method.idempotent), isInternal: \(method.isInternal),")
                    writer.line("    requestType: \(SwiftNaming.stringLiteral(method.requestType.fullName)), responseType: \(SwiftNaming.stringLiteral(method.responseType.fullName)))")
                }
            }
        }
    }

    private func writeHandler(_ methods: [Method], into writer: inout CodeWriter) {
        writer.line("/// Implemented by the process serving `\(fullName)`; `rpcService()` adapts it to the bus.")
        writer.block("public protocol \(swiftName)Handler: Sendable {") { writer in
            for method in methods {
                comments.write(path + [2, Int32(method.index)], fallback: nil, into: &writer)
                writer.line("func \(method.swiftName)(request: \(method.requestType.swiftName), context: RPCContext) async throws -> \(method.responseType.swiftName)")
            }
        }
        writer.line()
        writer.block("extension \(swiftName)Handler {") { writer in
            writer.line("/// The handlers by method path, decoding requests and encoding replies.")
            writer.block("public func rpcService() -> RPCService {") { writer in
                writer.block("RPCService(descriptor: \(swiftName).descriptor, handlers: [", closing: "])") { writer in
                    for method in methods {
                        writer.block("\(swiftName).Methods.\(method.swiftName).path: { bytes, context in", closing: "},") { writer in
                            writer.line("let request = try \(method.requestType.swiftName)(serializedBytes: bytes)")
                            writer.line("return try await self.\(method.swiftName)(request: request, context: context).serializedBytes()")
                        }
                    }
                }
            }
        }
    }

    private func writeClient(_ methods: [Method], into writer: inout CodeWriter) {
        writer.line("/// Typed calls to `\(fullName)` over any bus channel.")
        writer.block("public struct \(swiftName)Client: Sendable {") { writer in
            writer.line("public let channel: any RPCChannel")
            writer.line()
            writer.line("public init(channel: any RPCChannel) {")
            writer.line("    self.channel = channel")
            writer.line("}")
            for method in methods {
                writer.line()
                comments.write(path + [2, Int32(method.index)], fallback: nil, into: &writer)
                writer.block("public func \(method.swiftName)(_ request: \(method.requestType.swiftName), options: CallOptions = CallOptions()) async throws -> \(method.responseType.swiftName) {") { writer in
                    writer.line("let reply = try await channel.unary(method: \(swiftName).Methods.\(method.swiftName), request: request.serializedBytes(), options: options)")
                    writer.line("return try \(method.responseType.swiftName)(serializedBytes: reply)")
                }
            }
        }
    }
}
