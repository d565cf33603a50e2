import StripeClient

/// Reads a page of `GET /v1/products` straight into the mirror's records, as `StripeProductRecord(StripeProduct)`
/// would, with the same defaults; like `PriceListReader`, anything unexpected throws and the caller decodes the page
/// the general way.
enum ProductListReader {
    static func page(_ bytes: [UInt8]) throws -> CatalogPage<StripeProductRecord> {
        let page = try JSONCursor.listPage(bytes, item: product)
        return CatalogPage(items: page.items, hasMore: page.hasMore)
    }

    static func product(_ cursor: inout JSONCursor) throws -> StripeProductRecord {
        var id: String?
        var name: String?
        var description: String?
        var active: Bool?
        var created: Int64?
        var updated: Int64?
        var metadata: [String: String] = [:]
        var unitLabel: String?
        try cursor.object { cursor, key in
            switch key {
            case "id": id = try cursor.string()
            case "name": name = try cursor.optionalString()
            case "description": description = try cursor.optionalString()
            case "active": active = try cursor.optionalBool()
            case "created": created = try cursor.optionalInt64()
            case "updated": updated = try cursor.optionalInt64()
            case "unit_label": unitLabel = try cursor.optionalString()
            case "metadata": metadata = try cursor.stringMap()
            default: try cursor.skip()
            }
        }
        guard let id else { throw JSONCursor.Malformed(offset: 0) }
        let createdS = created ?? 0
        return StripeProductRecord(id: id, name: name ?? "", description: description ?? "", active: active ?? true,
                                   deleted: false, createdS: createdS, updatedS: updated ?? createdS, metadata: metadata,
                                   unitLabel: unitLabel ?? "")
    }
}
