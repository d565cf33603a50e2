import Foundation
import Testing

/// The process table `veles up` builds from its flags, read through `--print-plan`.
@Suite struct PrintPlanTests {
    @Test func withoutTheDemoTheSystemTalksToStripeItselfAndRunsNoEmulator() async throws {
        let plan = try await PlannedProcess.plan([])
        #expect(plan.map(\.name) == ["broker", "connection", "customer-sync", "catalog-sync", "gateway"])
        for name in ["connection", "customer-sync", "catalog-sync"] {
            #expect(plan.first { $0.name == name }?.value(of: "--stripe-api-url") == "https://api.stripe.com")
        }
    }

    @Test func theDemoStartsStripeSimFirstWithTheDatasetAndPointsEveryServiceAtIt() async throws {
        let plan = try await PlannedProcess.plan(["--demo", "--stripe-sim-port", "12999"])
        let sim = try #require(plan.first)
        #expect(sim.name == "stripe-sim")
        #expect(sim.value(of: "--port") == "12999")
        #expect(sim.value(of: "--dataset")?.hasSuffix("Tests/Dataset/demo/stripe.json") == true)
        for process in plan where process.value(of: "--stripe-api-url") != nil {
            #expect(process.value(of: "--stripe-api-url") == "http://127.0.0.1:12999")
        }
    }

    @Test func aStripeURLReplacesTheEmulatorEvenWithTheDemo() async throws {
        let flag = try await PlannedProcess.plan(["--demo", "--stripe-api-url", "http://127.0.0.1:4242"])
        let variable = try await PlannedProcess.plan(["--demo"], environment: ["VELES_STRIPE_API_URL": "http://127.0.0.1:4243"])
        #expect(!flag.contains { $0.name == "stripe-sim" })
        #expect(flag.first { $0.name == "connection" }?.value(of: "--stripe-api-url") == "http://127.0.0.1:4242")
        #expect(variable.first { $0.name == "connection" }?.value(of: "--stripe-api-url") == "http://127.0.0.1:4243")
    }

    @Test func webhooksGoToTheGatewayWithTheEmulatorAndOnlyToAGivenURLOtherwise() async throws {
        let demo = try await PlannedProcess.plan(["--demo", "--http-port", "9191"])
        #expect(demo.first { $0.name == "connection" }?.value(of: "--webhook-public-url") == "http://127.0.0.1:9191")
        let real = try await PlannedProcess.plan([])
        #expect(real.first { $0.name == "connection" }?.value(of: "--webhook-public-url") == nil)
        let given = try await PlannedProcess.plan(["--webhook-public-url", "https://veles.example.com"])
        #expect(given.first { $0.name == "connection" }?.value(of: "--webhook-public-url") == "https://veles.example.com")
    }

    @Test func workerCountsBecomeReplicasOfTheSyncServices() async throws {
        let defaults = try await PlannedProcess.plan([])
        #expect(defaults.first { $0.name == "customer-sync" }?.replicas == 2)
        #expect(defaults.first { $0.name == "catalog-sync" }?.replicas == 2)
        let scaled = try await PlannedProcess.plan(["--customer-sync-workers", "4", "--catalog-sync-workers", "1"])
        #expect(scaled.first { $0.name == "customer-sync" }?.replicas == 4)
        #expect(scaled.first { $0.name == "catalog-sync" }?.replicas == 1)
    }

    @Test func everyProcessGetsTheSameBrokerDataFolderAndLogLevel() async throws {
        let plan = try await PlannedProcess.plan(["--data-dir", "/tmp/veles-plan", "--broker-frontend", "tcp://127.0.0.1:7001",
                                                  "--broker-backend", "tcp://127.0.0.1:7002", "--log-level", "debug", "--http-port", "9090"])
        for process in plan {
            #expect(process.value(of: "--data-dir") == "/tmp/veles-plan", "\(process.name)")
            #expect(process.value(of: "--broker-frontend") == "tcp://127.0.0.1:7001", "\(process.name)")
            #expect(process.value(of: "--broker-backend") == "tcp://127.0.0.1:7002", "\(process.name)")
            #expect(process.value(of: "--log-level") == "debug", "\(process.name)")
        }
        #expect(plan.first { $0.name == "gateway" }?.value(of: "--http-port") == "9090")
    }

    @Test func onlyLeavesOutTheOtherProcesses() async throws {
        let plan = try await PlannedProcess.plan(["--demo", "--only", "stripe-sim,broker"])
        #expect(plan.map(\.name) == ["stripe-sim", "broker"])
    }

    @Test func badSettingsAreRefusedWithTheReason() async throws {
        let cases: [([String], String)] = [
            (["--only", "stripe-sim,billing"], "unknown process 'billing'"),
            (["--customer-sync-workers", "0"], "--customer-sync-workers must be at least 1"),
            (["--customer-sync-workers", "two"], "must be a whole number"),
            (["--layout", "kubernetes"], "--layout must be one of"),
            (["--layout", "compose"], "use it with --print-plan"),
            (["--no-such-flag"], "unknown option --no-such-flag"),
        ]
        for (arguments, message) in cases {
            let printing = arguments.contains("--layout") && arguments.last == "compose" ? ["up"] : ["up", "--print-plan"]
            let result = try await CommandResult.run("veles", printing + arguments)
            #expect(result.status == 2, "\(arguments) exited \(result.status)")
            #expect(result.standardError.contains(message), "\(arguments): \(result.standardError)")
        }
    }
}
