import Foundation

/// Writes one line to standard output at once (unbuffered), so `bus tail` piped elsewhere shows records as they happen.
func printLine(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}
