import Bus
import Foundation

/// Which journal records a tail or replay looks at.
struct RecordFilter {
    var service: String?
    var method: String?
    var requestId: String?
    var fromMs: Int64?
    var toMs: Int64?

    func matches(_ record: Veles_Bus_V1_JournalRecord) -> Bool {
        if let service, !ServiceName.service(record.service, isNamedBy: service) { return false }
        if let method, !ServiceName.method(record.method, isNamedBy: method) { return false }
        if let requestId, record.requestId != requestId { return false }
        if let fromMs, record.atMs < fromMs { return false }
        if let toMs, record.atMs > toMs { return false }
        return true
    }

    /// Reads a time given as Unix milliseconds, an ISO 8601 instant, or an offset back from now (`-10m`, `-2h`, `-30s`).
    static func parseTime(_ text: String) throws -> Int64 {
        if let ms = Int64(text) { return ms }
        if text.hasPrefix("-"), let unit = text.last, let amount = Double(text.dropFirst().dropLast()) {
            let seconds: Double? = switch unit {
            case "s": amount
            case "m": amount * 60
            case "h": amount * 3600
            case "d": amount * 86_400
            default: nil
            }
            if let seconds { return Int64((Date().timeIntervalSince1970 - seconds) * 1000) }
        }
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = formatter.date(from: text) ?? ISO8601DateFormatter().date(from: text) {
            return Int64(date.timeIntervalSince1970 * 1000)
        }
        throw CLIError("cannot read time '\(text)': give Unix milliseconds, an ISO 8601 time with its zone (2026-12-04T09:30:00Z or +01:00), or -10m / -2h")
    }
}
