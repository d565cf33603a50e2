import Foundation
import Testing
import TestSupport

/// Stripe's official example objects, read in place from `../shared/stripe/fixtures3.json`.
enum Fixtures {
    static let url = TestPaths.sharedDirectory.appendingPathComponent("stripe/fixtures3.json")

    /// Present, or required because this is CI: tests that need the file run (and fail in CI if it is missing).
    static var shouldRun: Bool {
        let present = FileManager.default.fileExists(atPath: url.path)
        if !present, !TestPaths.isCI {
            print("Stripe fixtures not found at \(url.path); fixture tests skipped (CI=true makes this a failure).")
        }
        return present || TestPaths.isCI
    }

    /// The JSON bytes of `resources.<name>`.
    static func resource(_ name: String) throws -> Data {
        let data = try Data(contentsOf: url)
        let root = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let resources = try #require(root["resources"] as? [String: Any])
        let object = try #require(resources[name], "fixtures3.json has no resources.\(name)")
        return try JSONSerialization.data(withJSONObject: object)
    }

    static func decode<T: Decodable>(_ type: T.Type, _ name: String) throws -> T {
        try JSONDecoder().decode(type, from: try resource(name))
    }
}

/// Decodes JSON written inline in a test.
func decodeJSON<T: Decodable>(_ type: T.Type, _ json: String) throws -> T {
    try JSONDecoder().decode(type, from: Data(json.utf8))
}
