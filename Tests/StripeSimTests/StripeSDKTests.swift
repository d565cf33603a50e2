import Foundation
import Testing
import TestSupport

/// Stripe's official Python SDK (pinned in Tests/requirements.txt) drives a real stripe-sim process; each script
/// checks one area and fails with what it expected and what it got.
@Suite("stripe-sim through Stripe's Python SDK", .serialized)
struct StripeSDKTests {
    private func run(_ script: String, arguments: [String] = ["--no-rate-limit"], environment: [String: String] = [:]) async throws {
        let sim = try await StripeSimProcess(arguments: arguments)
        let result = try await sim.runScript(script, environment: environment)
        #expect(result.status == 0, "\(script) failed:\n\(result.output)\nstripe-sim log:\n\(sim.child.log.suffix(3000))")
        #expect(result.output.contains("checks passed"), "\(script) did not finish:\n\(result.output)")
    }

    @Test func customersCreateRetrieveUpdateListAndDelete() async throws {
        try await run("customers.py")
    }

    @Test func productsPricesAndMetersCoverEveryPriceShape() async throws {
        try await run("catalog.py")
    }

    @Test func everySDKErrorClassComesFromStripesErrorShapes() async throws {
        try await run("errors.py")
    }

    @Test func idempotencyKeysReplayAndSurviveADroppedConnection() async throws {
        try await run("idempotency.py")
    }

    @Test func eventsRecordChangesWithPreviousAttributesAndExpireAfterThirtyDays() async throws {
        try await run("events.py")
    }

    @Test func webhookDeliveriesVerifyWithConstructEventAndRetryDuplicateAndReorder() async throws {
        try await run("webhooks.py")
    }

    @Test func paginationUnderWritesNeverDuplicatesOrSkips() async throws {
        try await run("pagination.py")
    }

    /// Stripe's fixtures sit beside the checkout; without them the test is skipped, except under CI where it fails.
    static let fixtures = TestPaths.sharedDirectory.appendingPathComponent("stripe/fixtures3.json")
    static let fixturesPresent = FileManager.default.fileExists(atPath: fixtures.path)

    @Test(.enabled(if: TestPaths.isCI || fixturesPresent, "needs ../shared/stripe/fixtures3.json (absent outside CI)"))
    func everyObjectCarriesTheKeysOfStripesFixture() async throws {
        try #require(Self.fixturesPresent, "CI=true but \(Self.fixtures.path) is missing")
        try await run("shapes.py", environment: ["FIXTURES_PATH": Self.fixtures.path])
    }
}
