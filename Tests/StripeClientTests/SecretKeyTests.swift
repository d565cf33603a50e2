import Foundation
import Testing
@testable import StripeClient

@Suite("Keys: mode from prefix, redaction everywhere, configuration limits")
struct SecretKeyTests {
    @Test(arguments: [
        ("sk_test_abcdefgh12345678", StripeMode.test, StripeSecretKey.Kind.secret),
        ("rk_test_abcdefgh12345678", .test, .restricted),
        ("sk_live_abcdefgh12345678", .live, .secret),
        ("rk_live_abcdefgh12345678", .live, .restricted),
    ])
    func modeAndKindComeFromThePrefix(raw: String, mode: StripeMode, kind: StripeSecretKey.Kind) throws {
        let key = try StripeSecretKey(raw)
        #expect(key.mode == mode)
        #expect(key.kind == kind)
        #expect(key.lastFour == "5678")
    }

    @Test func publishableKeyIsRefusedWithAdvice() {
        let error = #expect(throws: StripeError.self) { try StripeSecretKey("pk_test_abcdefgh12345678") }
        #expect(error?.kind == .invalidKey)
        #expect(error?.message.contains("publishable") == true)
        #expect(error?.message.contains("secret key") == true)
        #expect(error?.message.contains("abcdefgh") == false)
    }

    @Test(arguments: ["", "   ", "sk_test_", "hello_world_key", "sk_test_abc def ghi", "whsec_abcdefghijkl"])
    func malformedKeysAreRefused(raw: String) {
        #expect(throws: StripeError.self) { try StripeSecretKey(raw) }
    }

    @Test func surroundingWhitespaceFromAPasteIsIgnored() throws {
        #expect(try StripeSecretKey("  sk_test_abcdefgh12345678\n").unredactedValue == "sk_test_abcdefgh12345678")
    }

    @Test func keyNeverAppearsInDescriptionsDumpsOrInterpolation() throws {
        let key = try StripeSecretKey(TestKeys.live)
        var dumped = ""
        dump(key, to: &dumped)
        let configuration = try StripeConfiguration(key: key)
        var dumpedConfiguration = ""
        dump(configuration, to: &dumpedConfiguration)
        let renderings = ["\(key)", String(describing: key), String(reflecting: key), dumped, dumpedConfiguration,
                          "\(configuration)", String(reflecting: configuration), "\([key])"]
        for text in renderings {
            #expect(!text.contains(TestKeys.live), "leaked in: \(text)")
            #expect(!text.contains("51VelesLive"))
        }
        #expect("\(key)" == "sk_live_…5678")
    }

    @Test func scrubMasksAnyKeyShapedTokenOnce() {
        let text = "bad key sk_live_abcdefghijklmnop, and whsec_zyxwvutsrq and sk_test_****1234."
        let scrubbed = StripeSecretKey.scrub(text)
        #expect(scrubbed == "bad key sk_live_…mnop, and whsec_…tsrq and sk_test_…1234.")
        #expect(StripeSecretKey.scrub(scrubbed) == scrubbed)
    }

    @Test func webhookSecretDescribesItselfByLastFour() {
        let secret = StripeWebhookSecret("whsec_0123456789abcdef")
        var dumped = ""
        dump(secret, to: &dumped)
        #expect("\(secret)" == "whsec_…cdef")
        #expect(!dumped.contains("0123456789"))
    }

    @Test func rateLimitCeilingsHoldAgainstStripe() throws {
        let test = try StripeSecretKey(TestKeys.test)
        let live = try StripeSecretKey(TestKeys.live)
        #expect(try StripeConfiguration(key: test).requestsPerSecond == 25)
        #expect(try StripeConfiguration(key: live).requestsPerSecond == 100)
        #expect(try StripeConfiguration(key: test, rateLimit: .perSecond(10)).requestsPerSecond == 10)
        #expect(try StripeConfiguration(key: live, rateLimit: .perSecond(100)).requestsPerSecond == 100)
        #expect(throws: StripeError.self) { try StripeConfiguration(key: test, rateLimit: .perSecond(26)) }
        #expect(throws: StripeError.self) { try StripeConfiguration(key: live, rateLimit: .perSecond(101)) }
        #expect(throws: StripeError.self) { try StripeConfiguration(key: live, rateLimit: .unlimited) }
        #expect(throws: StripeError.self) { try StripeConfiguration(key: test, rateLimit: .perSecond(0)) }
        let otherStripeHost = try #require(URL(string: "https://files.stripe.com"))
        #expect(throws: StripeError.self) { try StripeConfiguration(key: test, baseURL: otherStripeHost, rateLimit: .unlimited) }
    }

    @Test func rateLimitMayBeRaisedOrOffOnlyForAnEmulator() throws {
        let test = try StripeSecretKey(TestKeys.test)
        let emulator = try #require(URL(string: "http://127.0.0.1:12111"))
        #expect(try StripeConfiguration(key: test, baseURL: emulator, rateLimit: .perSecond(1000)).requestsPerSecond == 1000)
        #expect(try StripeConfiguration(key: test, baseURL: emulator, rateLimit: .unlimited).requestsPerSecond == nil)
        #expect(try StripeConfiguration(key: test, baseURL: emulator).requestsPerSecond == 25)
        let notHTTP = try #require(URL(string: "ftp://127.0.0.1"))
        #expect(throws: StripeError.self) { try StripeConfiguration(key: test, baseURL: notHTTP) }
    }
}
