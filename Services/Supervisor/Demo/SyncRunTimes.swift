import Foundation

/// Reads when a sync run (as the gateway shows `last_run`) ended, whichever time format the field uses.
enum SyncRunTimes {
    static func finishedAt(_ run: [String: Any]) -> Date? {
        if let ms = run["finished_at_ms"] as? Double ?? (run["finished_at_ms"] as? Int).map(Double.init), ms > 0 {
            return Date(timeIntervalSince1970: ms / 1000)
        }
        for key in ["finished_at", "ended_at"] {
            if let text = run[key] as? String,
               let date = (try? Date(text, strategy: .iso8601)) ?? (try? Date(text, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true))) {
                return date
            }
            if let seconds = run[key] as? Double ?? (run[key] as? Int).map(Double.init), seconds > 0 {
                return Date(timeIntervalSince1970: seconds)
            }
        }
        return nil
    }
}
