import Foundation

/// Writes every ledger to one JSON file in the dataset format (plus the clock offset), atomically, so a demo
/// survives a restart. Idempotency keys and pending webhook retries are not kept.
enum Snapshot {
    static func encode(_ store: SimStore) -> [UInt8] {
        var writer = JSONWriter(reservingCapacity: 1 << 20)
        writer.beginObject()
        writer.key("version"); writer.int(1)
        writer.key("clock_offset_s"); writer.int(store.clock.offsetSeconds)
        writer.key("ledgers")
        writer.beginArray()
        for box in store.allBoxes {
            box.state.withLock { ledger in
                writer.beginObject()
                writer.key("account"); writer.string(ledger.key.account)
                writer.key("mode"); writer.string(ledger.key.mode.rawValue)
                writer.key("customers")
                writer.beginArray()
                for entry in ledger.customers.allOldestFirst {
                    if entry.resource.deleted {
                        // The public stub drops the fields; keep them so a restart restores the same customer.
                        var full = entry.resource
                        full.deleted = false
                        var bytes = full.encoded(livemode: ledger.livemode)
                        bytes.removeLast()
                        bytes.append(contentsOf: Array(",\"deleted\":true}".utf8))
                        writer.raw(bytes)
                    } else {
                        writer.raw(entry.json)
                    }
                }
                writer.endArray()
                writer.key("products")
                writer.beginArray()
                for entry in ledger.products.allOldestFirst { writer.raw(entry.json) }
                writer.endArray()
                writer.key("meters")
                writer.beginArray()
                for entry in ledger.meters.allOldestFirst { writer.raw(entry.json) }
                writer.endArray()
                writer.key("prices")
                writer.beginArray()
                for entry in ledger.prices.allOldestFirst {
                    var priceWriter = JSONWriter()
                    entry.resource.render(into: &priceWriter, livemode: ledger.livemode, includeTiers: true, productObject: nil)
                    writer.raw(priceWriter.bytes)
                }
                writer.endArray()
                writer.key("webhook_endpoints")
                writer.beginArray()
                for entry in ledger.webhookEndpoints.allOldestFirst {
                    var endpointWriter = JSONWriter()
                    entry.resource.render(into: &endpointWriter, livemode: ledger.livemode, includeSecret: true)
                    writer.raw(endpointWriter.bytes)
                }
                writer.endArray()
                writer.key("events")
                writer.beginArray()
                for entry in ledger.events.allOldestFirst { writer.raw(entry.json) }
                writer.endArray()
                writer.endObject()
            }
        }
        writer.endArray()
        writer.endObject()
        return writer.bytes
    }

    /// Writes to a temporary file beside `path`, then renames it over `path`.
    static func write(_ store: SimStore, to path: String) throws {
        let bytes = encode(store)
        let url = URL(fileURLWithPath: path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).tmp")
        try Data(bytes).write(to: temporary)
        guard rename(temporary.path, url.path) == 0 else {
            throw DatasetError("could not move the snapshot into place at \(path): errno \(errno)")
        }
    }

    /// Restores ledgers and the clock offset from a snapshot file.
    static func restore(_ store: SimStore, from path: String) throws -> DatasetLoader.Summary {
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        let summary = try DatasetLoader.load(bytes, into: store)
        if let offset = summary.clockOffsetSeconds { store.clock.advance(by: offset) }
        return summary
    }
}
