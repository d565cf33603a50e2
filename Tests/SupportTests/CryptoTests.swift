import Testing
@testable import Crypto

@Suite struct CryptoTests {
    @Test func hmacMatchesRFC4231Vector() {
        let mac = Digest.hmacSHA256(key: "Jefe", message: "what do ya want for nothing?")
        #expect(Hex.encode(mac) == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
    }

    @Test func sha256OfABC() {
        #expect(Hex.encode(Digest.sha256("abc")) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test func aesGCMRoundTripsAndRejectsTampering() throws {
        let key = try SecureRandom.bytes(32)
        let secret = Array("sk_test_51Hsecret".utf8)
        let box = try AESGCM.seal(secret, key: key, additionalData: Array("ws_1".utf8))
        #expect(box.count == secret.count + 28)
        #expect(try AESGCM.open(box, key: key, additionalData: Array("ws_1".utf8)) == secret)

        var tampered = box
        tampered[14] ^= 0x01
        #expect(throws: CryptoError.authenticationFailed) { try AESGCM.open(tampered, key: key, additionalData: Array("ws_1".utf8)) }
        #expect(throws: CryptoError.authenticationFailed) { try AESGCM.open(box, key: key, additionalData: Array("ws_2".utf8)) }
        #expect(throws: CryptoError.ciphertextTooShort) { try AESGCM.open([1, 2, 3], key: key) }
        #expect(throws: CryptoError.invalidKeyLength(expected: 32, actual: 3)) { try AESGCM.seal(secret, key: [1, 2, 3]) }
    }

    @Test func sealingTwiceUsesFreshNonces() throws {
        let key = try SecureRandom.bytes(32)
        let first = try AESGCM.seal([1, 2, 3], key: key)
        let second = try AESGCM.seal([1, 2, 3], key: key)
        #expect(first != second)
    }

    @Test func constantTimeEqualsComparesContentAndLength() {
        #expect(Digest.constantTimeEquals([1, 2, 3], [1, 2, 3]))
        #expect(!Digest.constantTimeEquals([1, 2, 3], [1, 2, 4]))
        #expect(!Digest.constantTimeEquals([1, 2, 3], [1, 2]))
        #expect(Digest.constantTimeEquals([], []))
    }

    @Test func hexRoundTripAndRejectsBadInput() {
        #expect(Hex.decode("00ffA0") == [0x00, 0xff, 0xa0])
        #expect(Hex.decode("abc") == nil)
        #expect(Hex.decode("zz") == nil)
        #expect(Hex.encode([0xde, 0xad]) == "dead")
    }
}
