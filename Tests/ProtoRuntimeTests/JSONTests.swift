import Bus
import ConformanceProto
import Foundation
import ProtoRuntime
import Testing

@Suite struct JSONTests {
    @Test func rendersProtoNamesWithProto3Conventions() {
        var message = Fixtures.AllTypes()
        message.fInt32 = -5
        message.fInt64 = 9_007_199_254_740_993
        message.fUint64 = .max
        message.fSint32 = -3
        message.fBool = true
        message.fString = "quote \" backslash \\ newline \n tab \t bell \u{07}"
        message.fBytes = [0xFF, 0x00, 0x10]
        message.fEnum = .green
        message.rEnum = [.red, .unrecognized(42)]
        message.rDouble = [.nan, .infinity, -.infinity, 1.5]
        message.fMessage.id = 3
        message.mStringInt32 = ["b": 2, "a": 1]
        message.mBoolBytes = [true: [1]]
        message.oString = "x"
        #expect(message.jsonString() == #"{"f_int32":-5,"f_int64":"9007199254740993","f_uint64":"18446744073709551615","f_sint32":-3,"f_bool":true,"f_string":"quote \" backslash \\ newline \n tab \t bell \u0007","f_bytes":"/wAQ","f_enum":"COLOR_GREEN","f_message":{"id":3},"r_double":["NaN","Infinity","-Infinity",1.5],"r_enum":["COLOR_RED",42],"m_string_int32":{"a":1,"b":2},"m_bool_bytes":{"true":"AQ=="},"o_string":"x"}"#)
    }

    @Test func defaultMessageRendersAsEmptyObject() {
        #expect(Fixtures.AllTypes().jsonString() == "{}")
    }

    @Test func everyFieldKindRoundTripsThroughJSON() throws {
        var original = Fixtures.maximal()
        // JSON keeps no unknown fields and no NaN identity; everything else must come back equal.
        original.rFloat = [0, -1.5, .infinity]
        let json = original.jsonString()
        let parsed = try Fixtures.AllTypes(jsonString: json)
        #expect(parsed == original, "\(json)")
    }

    @Test func parsingAcceptsLowerCamelNamesNumbersAsStringsAndEnumNumbers() throws {
        let parsed = try Fixtures.AllTypes(jsonString: """
            {"fInt32": "12", "f_int64": -7, "fUint32": 1e3, "fEnum": 2, "rEnum": ["COLOR_BLUE", 7], "fDouble": "NaN",
             "fBytes": "-_8", "fMessage": {"child": {"label": "deep"}}, "mInt64String": {"-4": "minus four"},
             "mUint32Inner": {"5": {"id": 5}}, "oColor": "COLOR_RED", "fString": null, "fFloat": 0.25}
            """)
        #expect(parsed.fInt32 == 12)
        #expect(parsed.fInt64 == -7)
        #expect(parsed.fUint32 == 1000)
        #expect(parsed.fEnum == .green)
        #expect(parsed.rEnum == [.blue, .unrecognized(7)])
        #expect(parsed.fDouble.isNaN)
        #expect(parsed.fBytes == [0xFB, 0xFF])
        #expect(parsed.fMessage.child.label == "deep")
        #expect(parsed.mInt64String == [-4: "minus four"])
        #expect(parsed.mUint32Inner[5]?.id == 5)
        #expect(parsed.choice == .oColor(.red))
        #expect(parsed.fFloat == 0.25)
    }

    @Test(arguments: [
        (#"{"nope": 1}"#, "veles.conformance.v1.AllTypes: unknown field \"nope\""),
        (#"{"f_int32": 2147483648}"#, "veles.conformance.v1.AllTypes.f_int32: \"2147483648\" is not an integer of 32 bits"),
        (#"{"f_uint32": -1}"#, "veles.conformance.v1.AllTypes.f_uint32: \"-1\" is not an unsigned integer of 32 bits"),
        (#"{"f_int64": 1.5}"#, "veles.conformance.v1.AllTypes.f_int64: \"1.5\" is not an integer of 64 bits"),
        (#"{"f_enum": "COLOR_PURPLE"}"#, "veles.conformance.v1.AllTypes.f_enum: unknown enum value \"COLOR_PURPLE\""),
        (#"{"f_bool": "yes"}"#, "veles.conformance.v1.AllTypes.f_bool: expected true or false, got a string"),
        (#"{"r_int32": 5}"#, "veles.conformance.v1.AllTypes.r_int32: expected an array, got a number"),
        (#"{"f_bytes": "***"}"#, "veles.conformance.v1.AllTypes.f_bytes: expected a base64 string"),
        (#"{"f_float": 1e300}"#, "veles.conformance.v1.AllTypes.f_float: 1e+300 is out of range for a float"),
        (#"[1]"#, "veles.conformance.v1.AllTypes: expected an object, got an array"),
        (#"{"f_int32": 1,}"#, "invalid JSON at offset 14: expected a member name"),
        (#"{"f_string": "abc"#, "invalid JSON at offset 17: unterminated string"),
        (#"{"f_int32": 01}"#, "invalid JSON at offset 14: leading zero in a number"),
        (#"{} x"#, "invalid JSON at offset 3: unexpected text after the JSON value"),
    ])
    func badJSONGetsAClearError(json: String, message: String) {
        #expect {
            _ = try Fixtures.AllTypes(jsonString: json)
        } throws: { error in
            (error as? ProtoJSONError)?.description == message
        }
    }

    @Test func deeplyNestedJSONIsRejectedWithoutCrashing() {
        let deep = String(repeating: "[", count: 100_000)
        #expect(throws: ProtoJSONError.self) { try Fixtures.AllTypes(jsonString: deep) }
        let deepMessages = String(repeating: #"{"child":"#, count: 150) + "{}" + String(repeating: "}", count: 150)
        #expect(throws: ProtoJSONError.self) { try Fixtures.Inner(jsonString: deepMessages) }
    }

    @Test func unicodeEscapesAndSurrogatePairsParse() throws {
        let parsed = try Fixtures.Inner(jsonString: #"{"label": "caf\u00e9 \ud83c\udf0d \/"}"#)
        #expect(parsed.label == "café 🌍 /")
        #expect(throws: ProtoJSONError.self) { try Fixtures.Inner(jsonString: #"{"label": "\ud83c"}"#) }
    }

    @Test func registryRendersAndParsesByMessageName() throws {
        let registry = MessageRegistry(BusProtoTypes.all)
        var reply = Veles_Bus_V1_Reply()
        reply.code = .failedPrecondition
        reply.message = "no"
        let json = try registry.jsonString(messageNamed: "veles.bus.v1.Reply", bytes: reply.serializedBytes())
        #expect(json == #"{"code":"STATUS_CODE_FAILED_PRECONDITION","message":"no"}"#)
        let bytes = try registry.serializedBytes(messageNamed: "veles.bus.v1.Reply", jsonString: json)
        #expect(try Veles_Bus_V1_Reply(serializedBytes: bytes) == reply)
        #expect(throws: ProtoJSONError.self) { try registry.jsonString(messageNamed: "veles.bus.v1.Nope", bytes: []) }
        #expect(throws: ProtoDecodingError.self) { try registry.jsonString(messageNamed: "veles.bus.v1.Reply", bytes: [0x10, 0x80]) }
    }

    @Test func renderedJSONIsValidForFoundation() throws {
        let json = Fixtures.maximal().jsonString()
        let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
        #expect(object?["f_string"] as? String == "héllo, 世界 🌍")
        #expect(object?["f_int64"] as? String == "-9223372036854775808")
    }
}
