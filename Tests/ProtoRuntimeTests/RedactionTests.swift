import ConformanceProto
import ProtoRuntime
import Testing

@Suite struct RedactionTests {
    static let apiKey = "sk_test_51Secret0123456789abcdefSECRET"

    static func credentials() -> Veles_Conformance_V1_Credentials {
        var credentials = Veles_Conformance_V1_Credentials()
        credentials.accountId = "acct_1"
        credentials.apiKey = apiKey
        credentials.webhookSecret = Array("whsec_abc".utf8)
        credentials.previousKeys = ["sk_test_old1", "sk_test_old2"]
        credentials.marker = "plain-marker"
        return credentials
    }

    @Test func jsonShowsSecretFieldsRedactedUnlessAskedNotTo() {
        let json = Self.credentials().jsonString()
        #expect(json == #"{"account_id":"acct_1","api_key":"[REDACTED]","webhook_secret":"[REDACTED]","previous_keys":"[REDACTED]","marker":"plain-marker"}"#)
        #expect(Self.credentials().jsonString(redactingSecrets: false).contains(Self.apiKey))
    }

    @Test func binaryRedactionReplacesSecretsEverywhere() throws {
        var envelope = Veles_Conformance_V1_CredentialsEnvelope()
        envelope.credentials = Self.credentials()
        envelope.history = [Self.credentials(), Self.credentials()]
        envelope.byAccount = ["acct_1": Self.credentials()]
        envelope.nested.note = "kept"
        let redacted = envelope.redactingSecrets()
        let bytes = redacted.serializedBytes()
        #expect(!bytes.contains(subsequence: Array(Self.apiKey.utf8)))
        #expect(!bytes.contains(subsequence: Array("whsec_abc".utf8)))
        #expect(!bytes.contains(subsequence: Array("sk_test_old1".utf8)))
        #expect(bytes.contains(subsequence: Array("plain-marker".utf8)), "so the search is known to work")
        #expect(redacted.credentials.apiKey == "[REDACTED]")
        #expect(redacted.credentials.webhookSecret == Array("[REDACTED]".utf8))
        #expect(redacted.history[1].previousKeys == ["[REDACTED]", "[REDACTED]"])
        #expect(redacted.byAccount["acct_1"]?.apiKey == "[REDACTED]")
        #expect(redacted.byAccount["acct_1"]?.accountId == "acct_1")
        #expect(redacted.nested.note == "kept")
        #expect(envelope.credentials.apiKey == Self.apiKey, "the original is untouched")
    }

    @Test func aMessageInsideALargerBufferRedactsAsItsOwnBytesDo() throws {
        var envelope = Veles_Conformance_V1_CredentialsEnvelope()
        envelope.credentials = Self.credentials()
        envelope.nested.note = "kept"
        let message = envelope.serializedBytes()
        let schema = Veles_Conformance_V1_CredentialsEnvelope.protoSchema
        let framed = [UInt8](repeating: 0xEE, count: 7) + message + [UInt8](repeating: 0xEE, count: 5)
        let inPlace = try framed.withUnsafeBytes {
            try ProtoRedactor.redact(UnsafeRawBufferPointer(rebasing: $0[7..<(7 + message.count)]), schema: schema)
        }
        #expect(inPlace == (try ProtoRedactor.redact(message, schema: schema)))
        #expect(!inPlace.contains(subsequence: Array(Self.apiKey.utf8)))
        #expect(inPlace.contains(subsequence: Array("kept".utf8)))
    }

    @Test func messagesWithoutSecretsAreReturnedUnchanged() throws {
        let message = Fixtures.maximal()
        #expect(message.redactingSecrets() == message)
        #expect(!Fixtures.AllTypes.protoSchema.containsSecrets)
        #expect(Veles_Conformance_V1_CredentialsEnvelope.protoSchema.containsSecrets)
    }

    @Test func registryRedactsRawBytesByName() throws {
        let registry = ConformanceFixtures.registry
        let bytes = try registry.redactingSecrets(messageNamed: "veles.conformance.v1.Credentials", bytes: Self.credentials().serializedBytes())
        #expect(!bytes.contains(subsequence: Array(Self.apiKey.utf8)))
        #expect(try Veles_Conformance_V1_Credentials(serializedBytes: bytes).marker == "plain-marker")
    }
}

extension Array where Element == UInt8 {
    func contains(subsequence: [UInt8]) -> Bool {
        guard !subsequence.isEmpty, subsequence.count <= count else { return false }
        return (0...(count - subsequence.count)).contains { self[$0..<($0 + subsequence.count)].elementsEqual(subsequence) }
    }
}
