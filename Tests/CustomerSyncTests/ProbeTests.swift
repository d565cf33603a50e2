import Testing
@testable import CustomerSync
@Test func probe() { #expect(probeValue() == 42) }
