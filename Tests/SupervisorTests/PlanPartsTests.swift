import Foundation
import Testing
@testable import Supervisor

@Suite struct PlanPartsTests {
    @Test func tcpEndpointsGiveTheAddressToProbe() {
        #expect(TCPEndpoint.parse("tcp://127.0.0.1:5555").map { "\($0.host):\($0.port)" } == "127.0.0.1:5555")
        #expect(TCPEndpoint.parse("tcp://*:5556").map { "\($0.host):\($0.port)" } == "127.0.0.1:5556")
        #expect(TCPEndpoint.parse("ipc:///tmp/broker.sock") == nil)
        #expect(TCPEndpoint.parse("tcp://127.0.0.1:port") == nil)
    }

    @Test func readinessSurvivesTheJSONOfThePrintedPlan() throws {
        let all: [Readiness] = [.tcpPort(host: "127.0.0.1", port: 5555), .httpOK(url: "http://127.0.0.1:8080/healthz"),
                                .logLine("listening"), .busService("veles.connection.v1.Connection")]
        let decoded = try JSONDecoder().decode([Readiness].self, from: JSONEncoder().encode(all))
        #expect(decoded == all)
    }

    @Test func httpReadinessNamesThePortThatMustBeFree() {
        let address = Readiness.httpOK(url: "http://127.0.0.1:8080/healthz").listeningAddress
        #expect(address?.host == "127.0.0.1" && address?.port == 8080)
        #expect(Readiness.busService("x").listeningAddress == nil)
    }

    @Test func syncRunEndTimesAreReadInEitherFormat() {
        #expect(SyncRunTimes.finishedAt(["finished_at_ms": 1_700_000_000_000]) == Date(timeIntervalSince1970: 1_700_000_000))
        #expect(SyncRunTimes.finishedAt(["finished_at": "2023-11-14T22:13:20Z"]) == Date(timeIntervalSince1970: 1_700_000_000))
        #expect(SyncRunTimes.finishedAt(["finished_at": "2023-11-14T22:13:20.500Z"]) == Date(timeIntervalSince1970: 1_700_000_000.5))
        #expect(SyncRunTimes.finishedAt(["outcome": "running", "finished_at": NSNull()]) == nil)
    }

    @Test func replicasAreNamedFromOneAndASingleCopyKeepsThePlainName() {
        let many = ProcessSpec(name: "customer-sync", executable: "customer-sync", arguments: [], replicas: 2, readiness: .logLine("x"))
        let one = ProcessSpec(name: "gateway", executable: "gateway", arguments: [], replicas: 1, readiness: .logLine("x"))
        #expect([many.instanceName(0), many.instanceName(1), one.instanceName(0)] == ["customer-sync-1", "customer-sync-2", "gateway"])
    }
}
