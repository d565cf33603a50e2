import Foundation
import Synchronization
import Testing
@testable import Support

@Suite struct LoggerTests {
    @Test func lineHasLevelProcessMessageAndSortedQuotedFields() {
        let line = Logger.format(time: Date(timeIntervalSince1970: 0), level: .warning, process: "gateway",
                                 message: "slow call", fields: ["method": "/a.B/C", "error": "took too long"])
        #expect(line == "1970-01-01T00:00:00.000Z WARN gateway slow call error=\"took too long\" method=/a.B/C")
    }

    @Test func levelsBelowTheThresholdAreDropped() {
        let lines = Mutex<[String]>([])
        let logger = Logger(process: "p", level: .warning) { line in lines.withLock { $0.append(line) } }
        logger.info("hidden")
        logger.error("shown")
        #expect(lines.withLock { $0.count } == 1)
        #expect(lines.withLock { $0[0].contains("ERROR p shown") })
    }

    @Test func redactionKeepsPrefixAndLastFourOnly() {
        #expect(Redact.maskedKey("sk_test_abcdefgh1234") == "sk_test_…1234")
        #expect(Redact.lastFour("whsec_zzzz9876") == "9876")
    }
}
