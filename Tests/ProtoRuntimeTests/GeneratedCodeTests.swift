import Bus
import ConformanceProto
import Foundation
import ProtoRuntime
import Testing
import VelesAPI

@Suite struct GeneratedCodeTests {
    @Test func enumsStripTheirPrefixAndKeepUnknownNumbers() {
        #expect(Veles_Bus_V1_StatusCode.invalidArgument.rawValue == 3)
        #expect(Veles_Bus_V1_StatusCode(rawValue: 16) == .unauthenticated)
        #expect(Veles_Bus_V1_StatusCode(rawValue: 77) == .unrecognized(77))
        #expect(Veles_Bus_V1_StatusCode.ok.protoName == "STATUS_CODE_OK")
        #expect(Veles_Bus_V1_StatusCode(protoName: "STATUS_CODE_NOT_FOUND") == .notFound)
        #expect(Veles_Bus_V1_ServingStatus.notServing.rawValue == 2)
    }

    @Test func fieldsAreLowerCamelAndMessageNamesAreFull() {
        var envelope = Veles_Bus_V1_Envelope()
        envelope.requestId = "r1"
        envelope.deadlineAtMs = 5
        envelope.metadata.workspaceId = "w"
        #expect(envelope.hasMetadata)
        envelope.clearMetadata()
        #expect(!envelope.hasMetadata)
        #expect(Veles_Bus_V1_Envelope.protoMessageName == "veles.bus.v1.Envelope")
        #expect(Veles_Conformance_V1_CredentialsEnvelope.Nested.Level.high.rawValue == 1)
        #expect(Veles_Common_V1_Money.protoMessageName == "veles.common.v1.Money")
    }

    @Test func serviceDescriptorsCarryPathsAndOptions() {
        let check = Veles_Bus_V1_Health.Methods.check
        #expect(check.path == "/veles.bus.v1.Health/Check")
        #expect(check.idempotent)
        #expect(!check.isInternal)
        #expect(check.requestType == "veles.bus.v1.CheckRequest")
        #expect(Veles_Bus_V1_Health.descriptor.methods == [check])
        let reveal = Veles_Conformance_V1_Echo.Methods.reveal
        #expect(reveal.isInternal)
        #expect(!reveal.idempotent)
        #expect(Veles_Conformance_V1_Echo.Methods.say.idempotent)
        #expect(Veles_Conformance_V1_Echo.descriptor.method(named: "Reveal") == reveal)
    }

    @Test func moduleTypeListsFeedARegistry() throws {
        let registry = MessageRegistry(BusProtoTypes.all + VelesAPIProtoTypes.all + ConformanceProtoProtoTypes.all)
        #expect(registry.type(named: "veles.bus.v1.Reply") == Veles_Bus_V1_Reply.self)
        #expect(registry.type(named: "veles.common.v1.PageInfo") != nil)
        #expect(registry.type(named: "veles.conformance.v1.CredentialsEnvelope.Nested") != nil)
        #expect(registry.type(named: "veles.conformance.v1.AllTypes.MStringInt32Entry") == nil, "map entries are not types")
        #expect(registry.type(named: "nope") == nil)
        var reply = Veles_Bus_V1_Reply()
        reply.code = .notFound
        let type = try #require(registry.type(named: "veles.bus.v1.Reply"))
        let decoded = try type.init(serializedBytes: reply.serializedBytes())
        #expect((decoded as? Veles_Bus_V1_Reply)?.code == .notFound)
    }
}

@Suite struct GeneratorCornerCaseTests {
    @Test func aliasedEnumValuesShareOneCase() {
        #expect(Veles_Conformance_V1_Priority.minor == .low)
        #expect(Veles_Conformance_V1_Priority(protoName: "PRIORITY_MINOR") == .low)
        #expect(Veles_Conformance_V1_Priority.low.protoName == "PRIORITY_LOW")
        #expect(Veles_Conformance_V1_Priority(rawValue: 2) == .high)
    }

    @Test func keywordFieldNamesAreEscapedAndRoundTrip() throws {
        var message = Veles_Conformance_V1_KeywordNames()
        message.default = "d"
        message.protocol = 2
        message.extension = ["e"]
        message.self_p = .high
        message.in.default = "nested"
        let decoded = try Veles_Conformance_V1_KeywordNames(serializedBytes: message.serializedBytes())
        #expect(decoded == message)
        #expect(decoded.in.default == "nested")
        #expect(message.jsonString() == #"{"default":"d","protocol":2,"extension":["e"],"self":"PRIORITY_HIGH","in":{"default":"nested"}}"#)
    }
}
