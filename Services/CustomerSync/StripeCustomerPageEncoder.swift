import CustomerMatching
import ProtoRuntime
import Store
import VelesAPI

/// Encodes a customers page as `ListStripeCustomersResponse` wire bytes straight from the rows SQLite steps through
/// (columns as in `CustomerStore.mirroredColumns`), field for field as the generated code encodes the messages
/// `ProtoMapping` builds, but building neither rows, customers nor messages.
///
/// Copying each of 51 rows into a `Row`, a `MirroredCustomer` and a `StripeCustomer` before serialising them was most
/// of the service's time for a page; the bytes now go from SQLite's memory into the reply. Tests hold the output
/// equal to the generated encoding of `CustomerStore.list`.
struct StripeCustomerPageEncoder {
    let mode: String
    let limit: Int
    private var bytes: [UInt8] = []
    private var rows = 0
    private var hasMore = false
    /// The last row written: its `created` and where its `stripe_id` sits in `bytes`, for the next page's cursor.
    private var lastCreated: Int64 = 0
    private var lastId: Range<Int> = 0..<0

    init(mode: String, limit: Int) {
        self.mode = mode
        self.limit = limit
        bytes.reserveCapacity(64 + limit * 160)
    }

    /// Adds one row; the one past `limit` is not written, it only tells that more follow.
    mutating func add(_ row: RowCursor) {
        guard rows < limit else {
            hasMore = true
            return
        }
        rows += 1
        let customer = StripeCustomerColumns(row)
        let mode = self.mode
        let size = customer.size(mode: mode)
        let start = bytes.count
        let total = 1 &+ ProtoSize.lengthDelimited(size)
        bytes.append(contentsOf: repeatElement(0, count: total))
        bytes.withUnsafeMutableBytes { raw in
            var writer = ProtoWriter(raw.baseAddress! + start)
            writer.writeTag(10)
            writer.writeVarint(UInt64(size))
            customer.write(mode: mode, to: &writer)
        }
        let idStart = start &+ 1 &+ ProtoSize.varint(UInt64(size)) &+ 1 &+ ProtoSize.varint(UInt64(customer.stripeId.count))
        lastId = customer.stripeId.isEmpty ? start..<start : idStart..<(idStart &+ customer.stripeId.count)
        lastCreated = customer.created
    }

    /// The reply: the rows, then the page info with the cursor of the last row when more follow.
    mutating func finish() -> [UInt8] {
        let more = hasMore
        let cursor = more ? CustomerCursor.encode(created: lastCreated, id: String(decoding: bytes[lastId], as: UTF8.self)) : ""
        var pageSize = more ? 2 : 0
        if !cursor.isEmpty { pageSize &+= 1 &+ ProtoString.payloadSize(cursor) }
        let start = bytes.count
        bytes.append(contentsOf: repeatElement(0, count: 1 &+ ProtoSize.lengthDelimited(pageSize)))
        bytes.withUnsafeMutableBytes { raw in
            var writer = ProtoWriter(raw.baseAddress! + start)
            writer.writeTag(18)
            writer.writeVarint(UInt64(pageSize))
            if more { writer.write(ProtoBool.self, key: 8, true) }
            if !cursor.isEmpty { writer.write(ProtoString.self, key: 18, cursor) }
        }
        return bytes
    }
}
