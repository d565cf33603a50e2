/// The directory slots that share one key. Almost every key belongs to a single customer, so
/// that case is stored inline rather than as an array.
enum Postings: Sendable, Hashable {
    case one(Int32)
    case many([Int32])

    func inserting(_ slot: Int32) -> Postings {
        switch self {
        case .one(let existing): return .many([existing, slot])
        case .many(let slots): return .many(slots + [slot])
        }
    }

    /// The postings without a slot, or nil when none are left.
    func removing(_ slot: Int32) -> Postings? {
        switch self {
        case .one(let existing): return existing == slot ? nil : self
        case .many(let slots):
            let left = slots.filter { $0 != slot }
            if left.count > 1 { return .many(left) }
            return left.first.map(Postings.one)
        }
    }

    /// Calls `body` with each slot.
    func forEach(_ body: (Int32) -> Void) {
        switch self {
        case .one(let slot): body(slot)
        case .many(let slots): slots.forEach(body)
        }
    }
}
