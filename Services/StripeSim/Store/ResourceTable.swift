/// The objects of one type in one ledger, with their encoded JSON cached, kept in list order (newest first) by an
/// index sorted on (created, insertion sequence), so a cursor is found by binary search and a page costs O(log n + limit).
struct ResourceTable<Resource: StoredResource>: Sendable {
    /// One stored object and its cached default encoding.
    struct Entry: Sendable {
        var resource: Resource
        var json: [UInt8]
    }

    /// A position in list order; compares by creation time, then by insertion order.
    struct OrderKey: Sendable, Comparable {
        let created: Int
        let sequence: UInt64

        static func < (lhs: OrderKey, rhs: OrderKey) -> Bool {
            lhs.created != rhs.created ? lhs.created < rhs.created : lhs.sequence < rhs.sequence
        }
    }

    private struct Slot: Sendable {
        var entry: Entry
        let key: OrderKey
    }

    private var slots: [Slot?] = []
    private var freeSlots: [Int] = []
    private var slotByID: [String: Int] = [:]
    /// Ascending (oldest first); lists walk it backwards.
    private var order: [(key: OrderKey, slot: Int)] = []
    /// Where removed objects stood, so a cursor naming one still finds its place in the list.
    private var removedKeys: [String: OrderKey] = [:]
    private var nextSequence: UInt64 = 0

    var count: Int { slotByID.count }

    /// True when no id was ever stored here (so a bulk load need not check for clashes).
    var isPristine: Bool { slotByID.isEmpty && removedKeys.isEmpty }

    /// The first of `ids` already used here, if any.
    func firstKnown(_ ids: some Sequence<String>) -> String? {
        guard !isPristine else { return nil }
        return ids.first { isKnown($0) }
    }

    func entry(_ id: String) -> Entry? {
        guard let slot = slotByID[id] else { return nil }
        return slots[slot]?.entry
    }

    func resource(_ id: String) -> Resource? { entry(id)?.resource }

    func contains(_ id: String) -> Bool { slotByID[id] != nil }

    /// True when the id is or was used here (ids are never reused, even after a delete).
    func isKnown(_ id: String) -> Bool { slotByID[id] != nil || removedKeys[id] != nil }

    mutating func insert(_ resource: Resource, livemode: Bool) {
        let key = OrderKey(created: resource.created, sequence: nextSequence)
        nextSequence += 1
        let slot = Slot(entry: Entry(resource: resource, json: resource.encoded(livemode: livemode)), key: key)
        let index: Int
        if let free = freeSlots.popLast() {
            slots[free] = slot
            index = free
        } else {
            slots.append(slot)
            index = slots.count - 1
        }
        slotByID[resource.id] = index
        if let last = order.last, last.key > key {
            order.insert((key, index), at: firstOrderIndex(notBefore: key))
        } else {
            order.append((key, index))
        }
    }

    /// Adds many objects at once and sorts the index once (dataset and snapshot loads); objects with equal `created`
    /// keep the order given, so the later one in the file lists first.
    mutating func insertBulk(_ resources: [Resource], livemode: Bool) {
        slots.reserveCapacity(slots.count + resources.count)
        order.reserveCapacity(order.count + resources.count)
        slotByID.reserveCapacity(slotByID.count + resources.count)
        for resource in resources {
            let key = OrderKey(created: resource.created, sequence: nextSequence)
            nextSequence += 1
            slots.append(Slot(entry: Entry(resource: resource, json: resource.encoded(livemode: livemode)), key: key))
            slotByID[resource.id] = slots.count - 1
            order.append((key, slots.count - 1))
        }
        order.sort { $0.key < $1.key }
    }

    /// Replaces an object (same id; its list position does not move) and re-encodes it.
    mutating func replace(_ resource: Resource, livemode: Bool) {
        guard let slot = slotByID[resource.id], let existing = slots[slot] else { return }
        slots[slot] = Slot(entry: Entry(resource: resource, json: resource.encoded(livemode: livemode)), key: existing.key)
    }

    @discardableResult
    mutating func remove(_ id: String) -> Resource? {
        guard let slot = slotByID.removeValue(forKey: id), let existing = slots[slot] else { return nil }
        slots[slot] = nil
        freeSlots.append(slot)
        let index = firstOrderIndex(notBefore: existing.key)
        if index < order.count, order[index].key == existing.key { order.remove(at: index) }
        removedKeys[id] = existing.key
        return existing.entry.resource
    }

    mutating func removeAll() {
        self = ResourceTable()
    }

    /// Where an object stands (or stood) in list order, for `starting_after` / `ending_before`.
    func cursorKey(_ id: String) -> OrderKey? {
        if let slot = slotByID[id], let existing = slots[slot] { return existing.key }
        return removedKeys[id]
    }

    /// Every object, oldest first.
    var allOldestFirst: [Entry] {
        order.compactMap { slots[$0.slot]?.entry }
    }

    /// One page in list order (newest first) of objects matching `filter` and the `created` range.
    func page(limit: Int, startingAfter: OrderKey?, endingBefore: OrderKey?, created: IntRange?,
              where filter: (Resource) -> Bool) -> (entries: [Entry], hasMore: Bool) {
        var lower = 0
        var upper = order.count
        if let created {
            if let lowest = created.lowest {
                lower = max(lower, firstOrderIndex(notBefore: OrderKey(created: lowest, sequence: 0)))
            }
            if let highest = created.highest, highest < Int.max {
                upper = min(upper, firstOrderIndex(notBefore: OrderKey(created: highest + 1, sequence: 0)))
            }
        }
        if let startingAfter { upper = min(upper, firstOrderIndex(notBefore: startingAfter)) }
        if let endingBefore {
            let at = firstOrderIndex(notBefore: endingBefore)
            let after = at < order.count && order[at].key == endingBefore ? at + 1 : at
            lower = max(lower, after)
        }
        var found: [Entry] = []
        found.reserveCapacity(min(limit + 1, 101))
        guard lower < upper else { return ([], false) }
        if endingBefore != nil {
            // The page just before the cursor: walk up from it, then present newest first.
            var index = lower
            while index < upper, found.count <= limit {
                if let entry = slots[order[index].slot]?.entry, filter(entry.resource) { found.append(entry) }
                index += 1
            }
            let hasMore = found.count > limit
            return (Array(found.prefix(limit).reversed()), hasMore)
        }
        var index = upper - 1
        while index >= lower, found.count <= limit {
            if let entry = slots[order[index].slot]?.entry, filter(entry.resource) { found.append(entry) }
            index -= 1
        }
        let hasMore = found.count > limit
        if hasMore { found.removeLast() }
        return (found, hasMore)
    }

    /// The first index in `order` whose key is not less than `key`.
    private func firstOrderIndex(notBefore key: OrderKey) -> Int {
        var low = 0
        var high = order.count
        while low < high {
            let middle = (low + high) / 2
            if order[middle].key < key { low = middle + 1 } else { high = middle }
        }
        return low
    }
}
