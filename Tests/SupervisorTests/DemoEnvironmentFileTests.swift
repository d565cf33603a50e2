import Foundation
import Testing
@testable import Supervisor

@Suite struct DemoEnvironmentFileTests {
    @Test func writesWhatItReadsBackAndOnlyTheOwnerMayReadIt() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("demo-\(UUID().uuidString).env")
        defer { try? FileManager.default.removeItem(at: url) }
        let facts = DemoEnvironmentFile(apiURL: "http://127.0.0.1:8080", apiToken: "vt_abc", stripeAPIURL: "http://127.0.0.1:12111",
                                        stripeAPIKey: "sk_test_demo", workspaceID: "ws_1")
        try facts.write(to: url)
        #expect(DemoEnvironmentFile.read(from: url) == facts)
        let text = try String(contentsOf: url, encoding: .utf8)
        #expect(text.contains("\nVELES_API_TOKEN=vt_abc\n"))
        let permissions = try FileManager.default.attributesOfItem(atPath: url.path)[.posixPermissions] as? Int
        #expect(permissions == 0o600)
    }

    @Test func aFileMissingAFactIsNotReused() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("demo-\(UUID().uuidString).env")
        defer { try? FileManager.default.removeItem(at: url) }
        try Data("VELES_API_URL=http://x\nVELES_API_TOKEN=t\n".utf8).write(to: url)
        #expect(DemoEnvironmentFile.read(from: url) == nil)
    }
}
