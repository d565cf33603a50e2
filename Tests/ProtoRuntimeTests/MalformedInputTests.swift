import ConformanceProto
import ProtoRuntime
import Testing

@Suite struct MalformedInputTests {
    func decodingError(_ bytes: [UInt8], options: DecodingOptions = DecodingOptions()) -> ProtoDecodingError? {
        do {
            _ = try Fixtures.AllTypes(serializedBytes: bytes, options: options)
            return nil
        } catch let error as ProtoDecodingError {
            return error
        } catch {
            return nil
        }
    }

    @Test func truncatedVarintIsReported() {
        let error = decodingError([0x08, 0x80, 0x80])
        #expect(error?.kind == .truncatedVarint)
        #expect(error?.description == "truncated varint at byte 1")
    }

    @Test func varintLongerThanTenBytesIsRejected() {
        let error = decodingError([0x08] + [UInt8](repeating: 0xFF, count: 10) + [0x01])
        #expect(error?.kind == .varintTooLong)
    }

    @Test func lengthPastTheEndIsRejected() {
        let error = decodingError([0x72, 0x05, 0x61, 0x62])
        #expect(error?.kind == .lengthPastEnd(length: 5, remaining: 2))
    }

    @Test func hugeLengthDoesNotOverflow() {
        let error = decodingError([0x72, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01])
        #expect(error?.kind == .lengthPastEnd(length: .max, remaining: 0))
    }

    @Test func wrongWireTypeForAKnownFieldIsRejected() {
        // f_int32 (field 1) sent as length-delimited.
        let error = decodingError([0x0A, 0x00])
        #expect(error?.kind == .wrongWireType(field: 1, expected: .varint, actual: .lengthDelimited))
        // f_message (field 17) sent as a varint.
        #expect(decodingError([0x88, 0x01, 0x01])?.kind == .wrongWireType(field: 17, expected: .lengthDelimited, actual: .varint))
    }

    @Test func invalidUTF8InAStringIsRejected() {
        for bad: [UInt8] in [[0xC3, 0x28], [0xED, 0xA0, 0x80], [0xC0, 0xAF], [0xF4, 0x90, 0x80, 0x80], [0xE2, 0x82]] {
            let error = decodingError([0x72, UInt8(bad.count)] + bad)
            #expect(error?.kind == .invalidUTF8(field: 14), "bytes \(bad)")
        }
        // The same bytes are fine in a bytes field (15).
        #expect(decodingError([0x7A, 0x02, 0xC3, 0x28]) == nil)
    }

    @Test func nestingDeeperThanTheLimitIsRejected() throws {
        func nested(_ depth: Int) -> [UInt8] {
            var inner = Fixtures.Inner()
            for _ in 0..<depth {
                var outer = Fixtures.Inner()
                outer.child = inner
                inner = outer
            }
            return inner.serializedBytes()
        }
        // Inner at the top plus 100 nested levels is allowed; one more is not.
        #expect(throws: Never.self) { try Fixtures.Inner(serializedBytes: nested(100)) }
        #expect(throws: ProtoDecodingError.self) { try Fixtures.Inner(serializedBytes: nested(101)) }
        do {
            _ = try Fixtures.Inner(serializedBytes: nested(101))
        } catch let error as ProtoDecodingError {
            #expect(error.kind == .tooDeep(limit: 100))
        }
    }

    @Test func deeplyNestedUnknownGroupsAreBounded() {
        // 200 start-group tags for an unknown field 99, never closed.
        let bytes = [UInt8]((0..<200).flatMap { _ in [UInt8(0x9B), 0x06] })
        #expect(decodingError(bytes)?.kind == .tooDeep(limit: 100))
    }

    @Test func invalidKeysAreRejected() {
        #expect(decodingError([0x00, 0x01])?.kind == .invalidFieldNumber)
        #expect(decodingError([0x0E])?.kind == .invalidWireType(6))
        #expect(decodingError([0x0F])?.kind == .invalidWireType(7))
        #expect(decodingError([0x9C, 0x06])?.kind == .unmatchedEndGroup)
    }

    @Test func truncatedFixedWidthFieldIsRejected() {
        #expect(decodingError([0x3D, 0x01, 0x02])?.kind == .truncatedField)
        #expect(decodingError([0x41, 0x01])?.kind == .truncatedField)
    }

    @Test func messagesAboveTheSizeLimitAreRejected() {
        let bytes = Fixtures.maximal().serializedBytes()
        let error = decodingError(bytes, options: DecodingOptions(maxMessageSize: 16))
        #expect(error?.kind == .messageTooLarge(size: bytes.count, limit: 16))
    }

    @Test func everyTruncationOfAValidMessageFailsCleanlyOrDecodesAPrefix() {
        let bytes = Fixtures.maximal().serializedBytes()
        var failures = 0
        for length in 0..<bytes.count {
            if decodingError(Array(bytes[0..<length])) != nil { failures += 1 }
        }
        #expect(failures > bytes.count / 2)
    }
}
