import Foundation

/// `data/demo.env`: the facts a script needs to talk to the demo system, as `KEY=value` lines a shell can source.
struct DemoEnvironmentFile: Sendable, Equatable {
    var apiURL: String
    var apiToken: String
    var stripeAPIURL: String
    var stripeAPIKey: String
    /// The demo workspace, so a second run reuses it instead of creating another.
    var workspaceID: String

    static func read(from url: URL) -> DemoEnvironmentFile? {
        guard let text = try? String(contentsOf: url, encoding: .utf8) else { return nil }
        var values: [String: String] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            guard let equals = line.firstIndex(of: "=") else { continue }
            values[String(line[..<equals])] = String(line[line.index(after: equals)...])
        }
        guard let apiURL = values["VELES_API_URL"], let token = values["VELES_API_TOKEN"],
              let stripeURL = values["STRIPE_API_URL"], let key = values["STRIPE_API_KEY"],
              let workspace = values["VELES_WORKSPACE_ID"] else { return nil }
        return DemoEnvironmentFile(apiURL: apiURL, apiToken: token, stripeAPIURL: stripeURL, stripeAPIKey: key, workspaceID: workspace)
    }

    /// Writes the file readable by its owner only: it holds an API token and a (test) Stripe key.
    func write(to url: URL) throws {
        let text = """
        # Written by `veles up --demo`; source it (`. data/demo.env`) to call the demo system.
        VELES_API_URL=\(apiURL)
        VELES_API_TOKEN=\(apiToken)
        VELES_WORKSPACE_ID=\(workspaceID)
        STRIPE_API_URL=\(stripeAPIURL)
        STRIPE_API_KEY=\(stripeAPIKey)

        """
        try Data(text.utf8).write(to: url, options: .atomic)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: url.path)
    }
}
