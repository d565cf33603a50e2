import Testing
@testable import Support

@Suite struct OptionsTests {
    @Test func flagWinsOverEnvironmentAndDefaultsApply() {
        let options = Options(program: "p", summary: "s",
                              arguments: ["--data-dir", "/tmp/x", "--workers=3"],
                              environment: ["VELES_DATA_DIR": "/env", "VELES_LOG_LEVEL": "debug"])
        #expect(options.string("data-dir", env: "VELES_DATA_DIR", default: "./data", help: "") == "/tmp/x")
        #expect(options.int("workers", default: 1, help: "") == 3)
        #expect(options.string("log-level", env: "VELES_LOG_LEVEL", default: "info", help: "") == "debug")
        #expect(options.string("missing", default: "fallback", help: "") == "fallback")
        #expect(options.errors.isEmpty)
    }

    @Test func switchDoesNotSwallowTheNextPositional() {
        let options = Options(program: "p", summary: "s", arguments: ["--verbose", "call", "svc"], environment: [:])
        #expect(options.flag("verbose", help: ""))
        #expect(options.positionals == ["call", "svc"])
    }

    @Test func malformedNumberIsAnError() {
        let options = Options(program: "p", summary: "s", arguments: ["--workers", "many"], environment: [:])
        #expect(options.int("workers", default: 1, help: "") == 1)
        #expect(options.errors == ["--workers must be a whole number, got 'many'"])
    }

    @Test func helpListsOptionsWithVariablesAndDefaults() {
        let options = Options(program: "broker", summary: "Routes RPC.", arguments: [], environment: [:])
        _ = options.string("data-dir", env: "VELES_DATA_DIR", default: "./data", help: "where stores live")
        #expect(options.helpText.contains("--data-dir VALUE  (env VELES_DATA_DIR)"))
        #expect(options.helpText.contains("[default: ./data]"))
    }
}
