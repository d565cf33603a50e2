/// Accumulates generated source text with indentation.
struct CodeWriter {
    private(set) var text = ""
    private var indentation = ""

    mutating func line(_ content: String = "") {
        if content.isEmpty {
            text += "\n"
        } else {
            text += indentation + content + "\n"
        }
    }

    /// Writes `opening`, the body one level deeper, then `closing`.
    mutating func block(_ opening: String, closing: String = "}", _ body: (inout CodeWriter) -> Void) {
        line(opening)
        indentation += "    "
        body(&self)
        indentation.removeLast(4)
        line(closing)
    }

    /// A `switch` whose `case` lines sit at the level of the `switch`, as Swift style has it.
    mutating func switchBlock(_ opening: String, _ body: (inout CodeWriter) -> Void) {
        line(opening)
        body(&self)
        line("}")
    }
}
