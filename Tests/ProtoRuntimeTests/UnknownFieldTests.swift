import ConformanceProto
import ProtoRuntime
import Testing

@Suite struct UnknownFieldTests {
    /// Field 1000 varint, 1001 length-delimited, 1002 fixed32, 1003 fixed64, 1004 a group holding a varint.
    static let unknownBytes: [UInt8] = [
        0xC0, 0x3E, 0x96, 0x01,
        0xCA, 0x3E, 0x03, 0x61, 0x62, 0x63,
        0xD5, 0x3E, 0x01, 0x02, 0x03, 0x04,
        0xD9, 0x3E, 1, 2, 3, 4, 5, 6, 7, 8,
        0xE3, 0x3E, 0x08, 0x01, 0xE4, 0x3E,
    ]

    @Test func unknownFieldsAreKeptAndReEmitted() throws {
        let known = Fixtures.inner(5)
        let decoded = try Fixtures.Inner(serializedBytes: known.serializedBytes() + Self.unknownBytes)
        #expect(decoded.id == 5)
        #expect(decoded.unknownFields.data == Self.unknownBytes)
        let reencoded = decoded.serializedBytes()
        #expect(reencoded == known.serializedBytes() + Self.unknownBytes)
        #expect(try Fixtures.Inner(serializedBytes: reencoded) == decoded)
    }

    @Test func unknownFieldsInsideNestedMessagesSurvive() throws {
        var outer = Fixtures.AllTypes()
        var inner = Fixtures.inner(1)
        inner.unknownFields = UnknownFields(data: Self.unknownBytes)
        outer.rMessage = [inner]
        let decoded = try Fixtures.AllTypes(serializedBytes: outer.serializedBytes())
        #expect(decoded.rMessage.first?.unknownFields.data == Self.unknownBytes)
    }

    @Test func fieldsOfANewerSchemaAreUnknownToAnOlderOne() throws {
        // Envelope has more fields than Inner; Inner keeps what it cannot read.
        var address = Veles_Conformance_V1_BenchmarkAddress()
        address.line1 = "1 Main St"
        address.city = "Springfield"
        let asInner = try Veles_Conformance_V1_BenchmarkLineItem(serializedBytes: address.serializedBytes())
        #expect(asInner.sku == "1 Main St")
        #expect(try Veles_Conformance_V1_BenchmarkAddress(serializedBytes: asInner.serializedBytes()) == address)
    }
}
