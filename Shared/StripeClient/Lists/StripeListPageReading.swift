import Foundation

extension StripeListFilter {
    /// The query of one page: the filters and, when set, where it resumes (`starting_after` or `ending_before`), for
    /// callers that fetch a page's raw body themselves.
    public var pageQuery: StripeForm {
        var query = form
        if let field = cursor?.field { query[field.name] = field.value }
        return query
    }
}

extension JSONCursor {
    /// A list page read straight from its bytes by `item`; a page the reader does not expect is decoded by
    /// `JSONDecoder` as a list of `Object` instead, each turned into an item by `record`, so an unusual page is
    /// slower, never read differently. A page neither can read is a decoding error naming `path`.
    public static func listPage<Object: StripeIdentified, Item>(
        _ body: Data, path: String, item: (inout JSONCursor) throws -> Item,
        orDecoding type: Object.Type, _ record: (Object) -> Item
    ) throws -> (items: [Item], hasMore: Bool) {
        if let page = try? listPage([UInt8](body), item: item) { return page }
        let list: StripeList<Object>
        do {
            list = try JSONDecoder().decode(StripeList<Object>.self, from: body)
        } catch {
            throw StripeError(kind: .decoding, message: "The reply to \(path) is not a list of \(Object.self) this client can read: \(error)")
        }
        return (list.data.map(record), list.hasMore)
    }
}
