import Foundation
import ProtocGenVeles
import ProtoRuntime
import Testing

/// descriptor.proto is proto2: its generated types (the generator's bootstrap) exercise explicit presence and
/// declared defaults, on a descriptor set protoc writes for our own conformance protos.
@Suite struct Proto2SemanticsTests {
    static func descriptorSet() throws -> Google_Protobuf_FileDescriptorSet {
        let root = BootstrapRegenerationTests.packageRoot
        return try ToolRun.withScratchDirectory { directory in
            let output = directory.appendingPathComponent("set.pb")
            let run = try ToolRun.run(["protoc", "-I", root.appendingPathComponent("proto").path, "-I", "/usr/include",
                                       "--include_imports", "--descriptor_set_out=\(output.path)", "veles/conformance/v1/redaction.proto"])
            try #require(run.status == 0, "protoc failed: \(run.errors)")
            return try Google_Protobuf_FileDescriptorSet(serializedBytes: Array(try Data(contentsOf: output)))
        }
    }

    @Test func absentProto2FieldsReadTheirDeclaredDefaults() throws {
        let set = try Self.descriptorSet()
        let file = try #require(set.file.first { $0.name == "veles/conformance/v1/redaction.proto" })
        #expect(file.syntax == "proto3")
        #expect(!file.options.hasOptimizeFor)
        #expect(file.options.optimizeFor == .speed, "[default = SPEED]")
        let credentials = try #require(file.messageType.first { $0.name == "Credentials" })
        let apiKey = try #require(credentials.field.first { $0.name == "api_key" })
        #expect(apiKey.number == 2)
        #expect(apiKey.type == .string)
        #expect(apiKey.label == .optional)
        #expect(!apiKey.options.hasCtype)
        #expect(apiKey.options.ctype == .string)
        #expect(apiKey.options.unknownFields.varints(forField: 50003) == [1], "the secret option arrives as an extension")
        let envelope = try #require(file.messageType.first { $0.name == "CredentialsEnvelope" })
        let count = try #require(envelope.field.first { $0.name == "explicit_count" })
        #expect(count.proto3Optional)
        #expect(count.hasOneofIndex && count.oneofIndex == 0)
        #expect(envelope.field.first { $0.name == "by_account" }?.label == .repeated)
    }

    @Test func explicitPresenceSurvivesAnEncodeDecodeRoundTrip() throws {
        var field = Google_Protobuf_FieldDescriptorProto()
        field.number = 0
        field.name = ""
        #expect(field.hasNumber && field.hasName)
        let decoded = try Google_Protobuf_FieldDescriptorProto(serializedBytes: field.serializedBytes())
        #expect(decoded.hasNumber, "a proto2 optional set to its default is still written")
        #expect(decoded.hasName)
        #expect(!decoded.hasTypeName)
        #expect(decoded.jsonString() == #"{"name":"","number":0}"#)
    }
}
