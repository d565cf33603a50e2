import Bus

/// `velesctl bus tail`: journal records as JSON lines, live.
struct TailCommand {
    let journalDirectory: String
    let filter: RecordFilter
    let fromStart: Bool
    let formatting: JournalFormatting

    func run() async throws {
        for try await record in JournalReader(directory: journalDirectory).follow(fromStart: fromStart) where filter.matches(record) {
            printLine(formatting.line(for: record))
        }
    }
}
