import Foundation

/// Writes one line per event to stderr: time, level, process, message, then sorted `key=value` fields.
///
/// Values that contain spaces, quotes or `=` are quoted so a line always splits back into its fields.
/// Callers must never pass secrets; `Redact.lastFour` exists for the one thing about a key worth logging.
public struct Logger: Sendable {
    public let process: String
    public let level: LogLevel
    private let sink: @Sendable (String) -> Void

    public init(process: String, level: LogLevel = .info, sink: (@Sendable (String) -> Void)? = nil) {
        self.process = process
        self.level = level
        self.sink = sink ?? Logger.standardError
    }

    public func debug(_ message: @autoclosure () -> String, _ fields: [String: String] = [:]) {
        log(.debug, message(), fields)
    }

    public func info(_ message: @autoclosure () -> String, _ fields: [String: String] = [:]) {
        log(.info, message(), fields)
    }

    public func warning(_ message: @autoclosure () -> String, _ fields: [String: String] = [:]) {
        log(.warning, message(), fields)
    }

    public func error(_ message: @autoclosure () -> String, _ fields: [String: String] = [:]) {
        log(.error, message(), fields)
    }

    public func log(_ eventLevel: LogLevel, _ message: String, _ fields: [String: String] = [:]) {
        guard eventLevel >= level else { return }
        sink(Logger.format(time: Date(), level: eventLevel, process: process, message: message, fields: fields))
    }

    /// A logger for a component of this process, sharing its level and sink.
    public func named(_ component: String) -> Logger {
        Logger(process: "\(process)/\(component)", level: level, sink: sink)
    }

    static func format(time: Date, level: LogLevel, process: String, message: String, fields: [String: String]) -> String {
        var line = "\(time.formatted(timestampStyle)) \(level.label) \(process) \(message)"
        for key in fields.keys.sorted() {
            line += " \(key)=\(quoted(fields[key] ?? ""))"
        }
        return line
    }

    private static func quoted(_ value: String) -> String {
        let needsQuotes = value.isEmpty || value.contains { $0 == " " || $0 == "\"" || $0 == "=" || $0.isNewline }
        guard needsQuotes else { return value }
        let escaped = value.replacingOccurrences(of: "\\", with: "\\\\")
            .replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: "\\n")
        return "\"\(escaped)\""
    }

    private static let timestampStyle = Date.ISO8601FormatStyle(includingFractionalSeconds: true)

    private static let standardError: @Sendable (String) -> Void = { line in
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}
