import Testing
@testable import Supervisor

@Suite struct BusHealthQueryTests {
    let output = """
    broker SERVING services=2
    veles.customers.v1.CustomerSync SERVING workers=2 idle_slots=8 in_flight=0 queued=0
    veles.catalog.v1.Catalog NOT_SERVING workers=1 idle_slots=4 in_flight=0 queued=0
    """

    @Test func readsTheLiveWorkersOfAServingService() {
        #expect(BusHealthQuery.liveWorkers(service: "veles.customers.v1.CustomerSync", inHealthOutput: output) == 2)
    }

    @Test func aServiceThatIsNotServingCountsAsNotReady() {
        #expect(BusHealthQuery.liveWorkers(service: "veles.catalog.v1.Catalog", inHealthOutput: output) == nil)
    }

    @Test func anUnknownServiceIsNotReady() {
        #expect(BusHealthQuery.liveWorkers(service: "veles.connection.v1.Connection", inHealthOutput: output) == nil)
        #expect(BusHealthQuery.liveWorkers(service: "veles.customers.v1.Customer", inHealthOutput: output) == nil)
    }
}

@Suite struct AdminCommandsTests {
    @Test func theTokenSecretIsTheLineAfterTheTokensDescription() {
        let output = "token id=tok_1 workspace=demo name=demo last4=9f2a\nvt_3kq9x2m1n8b7v6c5x4z3a2s1d0f9f2a\n"
        #expect(AdminCommands.secret(inTokenCreateOutput: output) == "vt_3kq9x2m1n8b7v6c5x4z3a2s1d0f9f2a")
        #expect(AdminCommands.secret(inTokenCreateOutput: "token id=tok_1 workspace=demo name=demo last4=9f2a\n") == nil)
    }
}
