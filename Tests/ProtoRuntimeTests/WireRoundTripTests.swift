import ConformanceProto
import ProtoRuntime
import Testing

@Suite struct WireRoundTripTests {
    @Test func everyFieldKindSurvivesEncodeAndDecode() throws {
        let original = Fixtures.maximal()
        let bytes = original.serializedBytes()
        #expect(bytes.count == original.serializedSize())
        let decoded = try Fixtures.AllTypes(serializedBytes: bytes)
        #expect(decoded == original)
        #expect(decoded.fMessage.child.child.id == 9)
        #expect(decoded.rEnum.last == .unrecognized(99))
        #expect(decoded.mSint32Color[1] == .unrecognized(42))
    }

    @Test func eachOneofCaseRoundTrips() throws {
        var message = Fixtures.AllTypes()
        let cases: [Fixtures.AllTypes.OneOf_Choice] = [.oInt32(0), .oString(""), .oMessage(Fixtures.inner(3)), .oColor(.unspecified)]
        for choice in cases {
            message.choice = choice
            let decoded = try Fixtures.AllTypes(serializedBytes: message.serializedBytes())
            #expect(decoded.choice == choice, "oneof members are written even when they hold the default")
        }
        message.oInt32 = 5
        #expect(message.choice == .oInt32(5))
        #expect(message.oString == "")
    }

    @Test func defaultMessageEncodesToNothingAndAbsentFieldsReadAsDefaults() throws {
        #expect(Fixtures.AllTypes().serializedBytes().isEmpty)
        let decoded = try Fixtures.AllTypes(serializedBytes: [])
        #expect(decoded.fString == "")
        #expect(decoded.fEnum == .unspecified)
        #expect(!decoded.hasFMessage)
        #expect(decoded.fMessage.child.id == 0)
        #expect(decoded.choice == nil)
    }

    @Test func proto3PackedAndUnpackedRepeatedFieldsAreBothAccepted() throws {
        // Field 21 (r_int32) unpacked as three varints, then as a packed run, then once more unpacked.
        let bytes: [UInt8] = [0xA8, 0x01, 0x01, 0xA8, 0x01, 0x02, 0xAA, 0x01, 0x02, 0x03, 0x04, 0xA8, 0x01, 0x05]
        let decoded = try Fixtures.AllTypes(serializedBytes: bytes)
        #expect(decoded.rInt32 == [1, 2, 3, 4, 5])
        // Field 38 is declared [packed = false] but a packed run still decodes.
        let packedUnpackedField: [UInt8] = [0xB2, 0x02, 0x02, 0x07, 0x08]
        #expect(try Fixtures.AllTypes(serializedBytes: packedUnpackedField).rInt32Unpacked == [7, 8])
    }

    @Test func encoderPacksProto3ScalarsAndRespectsPackedFalse() {
        var message = Fixtures.AllTypes()
        message.rInt32 = [1, 2]
        #expect(message.serializedBytes() == [0xAA, 0x01, 0x02, 0x01, 0x02])
        message = Fixtures.AllTypes()
        message.rInt32Unpacked = [1, 2]
        #expect(message.serializedBytes() == [0xB0, 0x02, 0x01, 0xB0, 0x02, 0x02])
    }

    @Test func repeatedSingularMessageFieldsMerge() throws {
        var first = Fixtures.AllTypes()
        first.fMessage.id = 1
        var second = Fixtures.AllTypes()
        second.fMessage.label = "x"
        let decoded = try Fixtures.AllTypes(serializedBytes: first.serializedBytes() + second.serializedBytes())
        #expect(decoded.fMessage.id == 1)
        #expect(decoded.fMessage.label == "x")
    }

    @Test func mapEncodingIsDeterministic() {
        var message = Fixtures.AllTypes()
        message.mStringInt32 = Dictionary(uniqueKeysWithValues: (0..<50).map { ("k\($0)", Int32($0)) })
        let reference = message.serializedBytes()
        for _ in 0..<5 {
            var copy = Fixtures.AllTypes()
            copy.mStringInt32 = Dictionary(uniqueKeysWithValues: (0..<50).reversed().map { ("k\($0)", Int32($0)) })
            #expect(copy.serializedBytes() == reference)
        }
    }

    @Test func proto3OptionalTracksPresence() throws {
        var envelope = Veles_Conformance_V1_CredentialsEnvelope()
        #expect(!envelope.hasExplicitCount)
        envelope.explicitCount = 0
        let decoded = try Veles_Conformance_V1_CredentialsEnvelope(serializedBytes: envelope.serializedBytes())
        #expect(decoded.hasExplicitCount)
        #expect(decoded.explicitCount == 0)
        envelope.clearExplicitCount()
        #expect(envelope.serializedBytes().isEmpty)
    }
}
