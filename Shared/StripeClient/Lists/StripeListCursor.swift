/// Where a list resumes: after an object (towards older ones, the usual walk) or before one (towards newer ones,
/// for catching up on what arrived since a known object, such as the last event seen).
public enum StripeListCursor: Sendable, Hashable {
    case startingAfter(String)
    case endingBefore(String)

    /// The cursor for the page after `page`, continuing in the direction of `current` (towards older when none).
    static func next<Element: StripeIdentified>(from current: StripeListCursor?, after page: StripeList<Element>) -> StripeListCursor? {
        switch current {
        case nil, .startingAfter: page.data.last.map { .startingAfter($0.id) } ?? current
        case .endingBefore: page.data.first.map { .endingBefore($0.id) } ?? current
        }
    }

    var field: StripeFormField {
        switch self {
        case .startingAfter(let id): StripeFormField(name: "starting_after", value: .string(id))
        case .endingBefore(let id): StripeFormField(name: "ending_before", value: .string(id))
        }
    }
}
