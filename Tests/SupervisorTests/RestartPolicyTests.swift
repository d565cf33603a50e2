import Testing
@testable import Supervisor

@Suite struct RestartPolicyTests {
    let policy = RestartPolicy(initialDelay: .milliseconds(500), maximumDelay: .seconds(3), stableAfter: .seconds(10), fastCrashLimit: 4)

    @Test func restartLogShowsDurationsAsTenthsOfSeconds() {
        #expect(Supervisor.seconds(.nanoseconds(298_581_915_922)) == "298.6s")
        #expect(Supervisor.seconds(.milliseconds(500)) == "0.5s")
    }

    @Test func waitDoublesWithEachFastCrashUpToTheMaximum() {
        let delays = (1...6).map { policy.delay(afterFastCrashes: $0) }
        #expect(delays == [.milliseconds(500), .seconds(1), .seconds(2), .seconds(3), .seconds(3), .seconds(3)])
    }

    @Test func crashSoonAfterStartCountsOnTopOfThePreviousOnes() {
        #expect(policy.fastCrashes(previous: 2, uptime: .seconds(1)) == 3)
    }

    @Test func crashAfterRunningStablyStartsCountingAgain() {
        #expect(policy.fastCrashes(previous: 3, uptime: .seconds(11)) == 1)
    }

    @Test func givesUpOnlyAtTheLimit() {
        #expect(!policy.givesUp(afterFastCrashes: 3))
        #expect(policy.givesUp(afterFastCrashes: 4))
    }
}
