import Foundation
import Testing
import TestSupport

/// compose.yaml must describe exactly the processes `veles up` runs, with the same commands.
@Suite struct ComposeFileTests {
    struct ComposeFile: Decodable {
        struct Service: Decodable {
            let image: String?
            let command: [String]?
            let replicas: Int
            let volumes: [String]
            let healthcheck: [String]
            let depends_on: [String]
        }
        let services: [String: Service]
        let volumes: [String]
    }

    static let composeURL = TestPaths.repositoryRoot.appendingPathComponent("compose.yaml")

    func compose() async throws -> ComposeFile {
        let script = TestPaths.repositoryRoot.appendingPathComponent("Tests/IntegrationTests/Scripts/compose_services.py")
        let result = try await PythonScript.run(script, arguments: [Self.composeURL.path], timeout: .seconds(60))
        try #require(result.status == 0, "compose.yaml did not parse: \(result.output)")
        return try JSONDecoder().decode(ComposeFile.self, from: Data(result.output.utf8))
    }

    func containerPlan() async throws -> [PlannedProcess] {
        try await PlannedProcess.plan(["--layout", "compose", "--demo"])
    }

    @Test func composeNamesEveryProcessTheSupervisorStartsWithTheSameCommand() async throws {
        let (file, plan) = (try await compose(), try await containerPlan())
        #expect(Set(file.services.keys) == Set(plan.map(\.name)))
        #expect(plan.map(\.name) == ["stripe-sim", "broker", "connection", "customer-sync", "catalog-sync", "gateway"])
        for process in plan {
            let service = try #require(file.services[process.name], "compose.yaml has no service \(process.name)")
            #expect(service.command == process.command, "\(process.name): compose runs \(service.command ?? []) but veles up runs \(process.command)")
            #expect(service.replicas == process.replicas, "\(process.name) replicas")
        }
    }

    @Test func syncServicesRunSeveralReplicas() async throws {
        let file = try await compose()
        #expect(file.services["customer-sync"]?.replicas == 2)
        #expect(file.services["catalog-sync"]?.replicas == 2)
    }

    @Test func everyServiceRunsFromOneImage() async throws {
        let images = Set(try await compose().services.values.map { $0.image ?? "" })
        #expect(images == ["veles:latest"])
    }

    @Test func everyStoreHasAVolumeOfItsOwnAtItsDataDirectory() async throws {
        let file = try await compose()
        let plan = try await containerPlan()
        var volumeNames: [String] = []
        for process in plan {
            // A process keeps files in its --data-dir, or (stripe-sim's snapshot) in a file under /data.
            guard process.value(of: "--data-dir") != nil || process.arguments.contains(where: { $0.hasPrefix("/data/") }) else { continue }
            let service = try #require(file.services[process.name])
            let mounts = service.volumes.filter { $0.hasSuffix(":/data") }
            #expect(mounts.count == 1, "\(process.name) needs one volume at /data, has \(service.volumes)")
            volumeNames += mounts.map { String($0.prefix { $0 != ":" }) }
        }
        #expect(volumeNames.count == Set(volumeNames).count, "two services share a volume: \(volumeNames)")
        #expect(Set(volumeNames) == Set(file.volumes), "declared volumes \(file.volumes) differ from those mounted \(volumeNames)")
    }

    @Test func everyProcessHasAHealthCheckAndBusClientsWaitForTheBroker() async throws {
        let file = try await compose()
        for name in ["broker", "connection", "customer-sync", "catalog-sync"] {
            let check = try #require(file.services[name]?.healthcheck)
            #expect(Array(check.prefix(3)) == ["CMD", "velesctl", "health"], "\(name) health check is \(check)")
        }
        // The HTTP processes are checked on the endpoint the supervisor waits for.
        #expect(file.services["gateway"]?.healthcheck.last == "http://127.0.0.1:8080/healthz")
        #expect(file.services["stripe-sim"]?.healthcheck.last == "http://127.0.0.1:12111/_sim/health")
        for name in ["connection", "customer-sync", "catalog-sync", "gateway"] {
            #expect(file.services[name]?.depends_on == ["broker"], "\(name) must start after the broker is healthy")
        }
    }

    /// `velesctl health` without `--service` fails when any service fails, so each container names its own service:
    /// the one the supervisor waits for, and for the broker `veles.bus.v1.Health`, which the broker answers itself.
    @Test func everyBusHealthCheckNamesItsOwnService() async throws {
        let (file, plan) = (try await compose(), try await containerPlan())
        var expected = ["broker": "veles.bus.v1.Health"]
        for process in plan where process.readiness?.kind == "bus" {
            expected[process.name] = try #require(process.readiness?.service)
        }
        #expect(Set(expected.keys) == ["broker", "connection", "customer-sync", "catalog-sync"])
        for (name, service) in expected {
            let check = try #require(file.services[name]?.healthcheck)
            #expect(Array(check.suffix(2)) == ["--service", service], "\(name) health check is \(check)")
        }
    }

    @Test func dockerfileInstallsTheMakefilesPackagesAndShipsEveryExecutable() async throws {
        let dockerfile = try String(contentsOf: TestPaths.repositoryRoot.appendingPathComponent("Dockerfile"), encoding: .utf8)
        // The package list is read out of the Makefile at build time rather than copied, so it cannot go stale.
        #expect(dockerfile.contains("$(APT_PACKAGES)"))
        #expect(dockerfile.contains("COPY Makefile"))
        #expect(dockerfile.contains("swift build -c release"))
        let plan = try await containerPlan()
        let shipped = dockerfile.split(separator: "\n").first { $0.contains("for product in") } ?? ""
        for executable in Set(plan.map(\.executable)).union(["velesctl", "veles"]) {
            #expect(shipped.split(whereSeparator: { $0 == " " || $0 == ";" }).contains(Substring(executable)), "the image lacks \(executable)")
        }
        let dataset = try #require(plan.first { $0.name == "stripe-sim" }?.value(of: "--dataset"))
        #expect(dataset.hasPrefix("/app/"))
        let datasetInRepository = String(dataset.dropFirst("/app/".count))
        #expect(dockerfile.contains("COPY Tests/Dataset /app/Tests/Dataset") && datasetInRepository.hasPrefix("Tests/Dataset/"))
        #expect(FileManager.default.fileExists(atPath: TestPaths.repositoryRoot.appendingPathComponent(datasetInRepository).path),
                "the dataset compose.yaml loads is not in the repository: \(datasetInRepository)")
    }
}
