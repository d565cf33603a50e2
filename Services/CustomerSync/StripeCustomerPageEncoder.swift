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
        let customer = Columns(row)
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

/// One row's columns, text ones still in SQLite's memory.
private struct Columns {
    static var empty: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: nil, count: 0) }

    let stripeId: UnsafeRawBufferPointer
    let name: UnsafeRawBufferPointer
    let email: UnsafeRawBufferPointer
    let description: UnsafeRawBufferPointer
    let metadata: [String: String]
    let created: Int64
    let deleted: Bool
    let velesCustomerId: UnsafeRawBufferPointer?
    let method: Int32
    let matchedAtMs: Int64
    let candidates: Candidates
    let linkFlag: UnsafeRawBufferPointer

    init(_ row: RowCursor) {
        stripeId = row.text(0) ?? Self.empty
        name = row.text(1) ?? Self.empty
        email = row.text(2) ?? Self.empty
        description = row.text(3) ?? Self.empty
        metadata = row.text(4).map { JSONColumn.map(String(decoding: $0, as: UTF8.self)) } ?? [:]
        created = row.int64(5)
        deleted = row.int64(6) != 0
        velesCustomerId = row.text(7)
        let method = Self.method(row.text(8)) ?? Self.method(row.text(11))
        self.method = method.map { ProtoMapping.proto($0).rawValue } ?? 0
        matchedAtMs = row.int64(9)
        candidates = Candidates(row.text(10))
        linkFlag = row.text(12) ?? Self.empty
    }

    private static func method(_ text: UnsafeRawBufferPointer?) -> MatchMethod? {
        text.flatMap { MatchMethod(rawValue: String(decoding: $0, as: UTF8.self)) }
    }

    /// As `MirroredCustomer.status`: deleted, else matched when a Veles customer is linked.
    var status: Int32 {
        ProtoMapping.status(deleted ? .deleted : (velesCustomerId == nil ? .notMatched : .matched)).rawValue
    }

    func size(mode: String) -> Int {
        var size = Self.textSize(stripeId) &+ Self.textSize(name) &+ Self.textSize(email) &+ Self.textSize(description)
        size &+= 1 &+ ProtoSize.varint(UInt64(status))
        if method != 0 { size &+= 1 &+ ProtoSize.varint(UInt64(method)) }
        size &+= Self.textSize(velesCustomerId ?? Self.empty)
        candidates.forEach { size &+= 1 &+ ProtoSize.lengthDelimited($0.count) }
        if created != 0 { size &+= 1 &+ ProtoSize.varint(UInt64(bitPattern: created &* 1000)) }
        if matchedAtMs != 0 { size &+= 1 &+ ProtoSize.varint(UInt64(bitPattern: matchedAtMs)) }
        size &+= Self.textSize(linkFlag)
        if deleted { size &+= 2 }
        if !mode.isEmpty { size &+= 1 &+ ProtoString.payloadSize(mode) }
        return size &+ ProtoSize.map(keySize: 1, ProtoString.self, ProtoString.self, metadata)
    }

    func write(mode: String, to writer: inout ProtoWriter) {
        Self.write(stripeId, key: 10, to: &writer)
        Self.write(name, key: 18, to: &writer)
        Self.write(email, key: 26, to: &writer)
        Self.write(description, key: 34, to: &writer)
        writer.writeTag(40)
        writer.writeVarint(UInt64(status))
        if method != 0 {
            writer.writeTag(48)
            writer.writeVarint(UInt64(method))
        }
        Self.write(velesCustomerId ?? Self.empty, key: 58, to: &writer)
        candidates.forEach { Self.write($0, key: 66, always: true, to: &writer) }
        if created != 0 { writer.write(ProtoInt64.self, key: 72, created &* 1000) }
        if matchedAtMs != 0 { writer.write(ProtoInt64.self, key: 80, matchedAtMs) }
        Self.write(linkFlag, key: 90, to: &writer)
        if deleted { writer.write(ProtoBool.self, key: 96, true) }
        if !mode.isEmpty { writer.write(ProtoString.self, key: 106, mode) }
        writer.writeMap(ProtoString.self, ProtoString.self, key: 114, metadata)
    }

    private static func textSize(_ text: UnsafeRawBufferPointer) -> Int {
        text.isEmpty ? 0 : 1 &+ ProtoSize.lengthDelimited(text.count)
    }

    /// A string field; proto3 leaves an empty one out, but every item of a repeated field is written.
    private static func write(_ text: UnsafeRawBufferPointer, key: UInt32, always: Bool = false, to writer: inout ProtoWriter) {
        guard always || !text.isEmpty else { return }
        writer.writeTag(key)
        writer.writeVarint(UInt64(text.count))
        writer.writeRaw(text)
    }
}

/// The `candidates` column (a JSON list of ids), read in place when no item has an escape, decoded otherwise.
private enum Candidates {
    case none
    case plain(UnsafeRawBufferPointer)
    case decoded([String])

    init(_ json: UnsafeRawBufferPointer?) {
        guard let json, json.count > 2 else {
            self = .none
            return
        }
        if Self.forEachPlainItem(json, { _ in }) {
            self = .plain(json)
        } else {
            self = .decoded(JSONColumn.list(String(decoding: json, as: UTF8.self)))
        }
    }

    func forEach(_ body: (UnsafeRawBufferPointer) -> Void) {
        switch self {
        case .none: break
        case .plain(let json): _ = Self.forEachPlainItem(json, body)
        case .decoded(let items):
            for item in items {
                var copy = item
                copy.withUTF8 { body(UnsafeRawBufferPointer($0)) }
            }
        }
    }

    /// Calls `body` with each item of `["a","b"]` written without spaces or escapes; false (having called it for
    /// none) when the text is not of that form, so the caller decodes it properly instead.
    @discardableResult
    private static func forEachPlainItem(_ json: UnsafeRawBufferPointer, _ body: (UnsafeRawBufferPointer) -> Void) -> Bool {
        let count = json.count
        guard count >= 2, json[0] == UInt8(ascii: "["), json[count - 1] == UInt8(ascii: "]"),
              !json.contains(UInt8(ascii: "\\")) else { return false }
        var items: [Range<Int>] = []
        var index = 1
        while index < count - 1 {
            guard json[index] == UInt8(ascii: "\"") else { return false }
            let start = index + 1
            var end = start
            while end < count - 1, json[end] != UInt8(ascii: "\"") { end += 1 }
            guard end < count - 1 else { return false }
            items.append(start..<end)
            index = end + 1
            if index < count - 1 {
                guard json[index] == UInt8(ascii: ","), index + 1 < count - 1 else { return false }
                index += 1
            }
        }
        for item in items { body(UnsafeRawBufferPointer(rebasing: json[item])) }
        return true
    }
}
