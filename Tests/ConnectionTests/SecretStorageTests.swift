import Crypto
import Foundation
import Testing
import TestSupport
@testable import Connection

@Suite("Master key and secrets at rest")
struct SecretStorageTests {
    @Test func masterKeyFileIsCreatedPrivateOnFirstStartAndReusedAfter() throws {
        let folder = try TemporaryDirectory(prefix: "master-key")
        let file = folder.appending("data/master.key")
        let first = try MasterKey.load(hex: nil, file: file)
        let attributes = try FileManager.default.attributesOfItem(atPath: file.path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        #expect(first.bytes.count == 32)
        let second = try MasterKey.load(hex: nil, file: file)
        #expect(second.bytes == first.bytes)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: file.deletingLastPathComponent().path)
        #expect(leftovers == ["master.key"])
    }

    @Test func masterKeyFromHexWinsAndMalformedHexIsRefused() throws {
        let folder = try TemporaryDirectory(prefix: "master-key")
        let file = folder.appending("master.key")
        let hex = String(repeating: "ab", count: 32)
        #expect(try MasterKey.load(hex: hex, file: file).bytes == Array(repeating: 0xab, count: 32))
        #expect(!FileManager.default.fileExists(atPath: file.path))
        #expect(throws: MasterKeyError.self) { try MasterKey.load(hex: "abcd", file: file) }
        #expect(throws: MasterKeyError.self) { try MasterKey.load(hex: String(repeating: "zz", count: 32), file: file) }
    }

    @Test func corruptKeyFileIsRefusedRatherThanReplaced() throws {
        let folder = try TemporaryDirectory(prefix: "master-key")
        let file = folder.appending("master.key")
        try Data("not a key\n".utf8).write(to: file)
        #expect(throws: MasterKeyError.self) { try MasterKey.load(hex: nil, file: file) }
        #expect(try String(contentsOf: file, encoding: .utf8) == "not a key\n")
    }

    @Test func sealedSecretOpensOnlyForItsWorkspace() throws {
        let sealer = SecretSealer(masterKey: MasterKey(bytes: Array(repeating: 1, count: 32)))
        let box = try sealer.seal("sk_test_secretvalue1234", workspaceId: "ws1")
        #expect(!String(decoding: box, as: UTF8.self).contains("secretvalue"))
        #expect(try sealer.open(box, workspaceId: "ws1") == "sk_test_secretvalue1234")
        #expect(throws: CryptoError.authenticationFailed) { try sealer.open(box, workspaceId: "ws2") }
        let otherKey = SecretSealer(masterKey: MasterKey(bytes: Array(repeating: 2, count: 32)))
        #expect(throws: CryptoError.authenticationFailed) { try otherKey.open(box, workspaceId: "ws1") }
    }

    @Test func disconnectLeavesNeitherKeyNorCiphertextInAnyStoreFile() async throws {
        let fixture = try ManagerFixture()
        _ = try await fixture.manager.connect(workspaceId: "ws1", apiKey: ManagerFixture.testKeyA, accountId: "", accountName: "")
        // Several rotations and reads so the WAL holds page images with older ciphertexts too.
        _ = try await fixture.manager.updateApiKey(workspaceId: "ws1", apiKey: ManagerFixture.testKeyA2)
        let box = try #require(try fixture.store.secrets(workspaceId: "ws1")).sealedApiKey
        let secretBox = try #require(try fixture.store.secrets(workspaceId: "ws1")?.sealedWebhookSecret)
        #expect(StoreFiles.anyContains(box, under: fixture.folder.url), "the search must find the ciphertext before Disconnect")
        _ = try await fixture.manager.disconnect(workspaceId: "ws1")
        #expect(!StoreFiles.anyContains(box, under: fixture.folder.url))
        #expect(!StoreFiles.anyContains(secretBox, under: fixture.folder.url))
        #expect(!StoreFiles.anyContains(Array(ManagerFixture.testKeyA.utf8), under: fixture.folder.url))
        #expect(!StoreFiles.anyContains(Array(ManagerFixture.testKeyA2.utf8), under: fixture.folder.url))
    }
}
