import Testing
import TestSupport

/// The test harness's port picker: several servers started by one test must never share a port.
@Suite struct FreePortTests {
    @Test func portsPickedInOneProcessAreAllDifferentAndBindable() throws {
        let ports = try (0..<300).map { _ in try Network.freePort() }
        #expect(Set(ports).count == ports.count)
        #expect(ports.allSatisfy { (1024...65535).contains($0) })
        // Each can be bound on loopback right away (a server started on it would get it).
        for port in ports.prefix(20) {
            #expect(Network.canBind(port: port), "port \(port) could not be bound")
        }
    }
}
