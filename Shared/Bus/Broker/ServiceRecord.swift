/// One service name: the workers that registered it and the requests waiting for one of them.
struct ServiceRecord {
    var workers: [[UInt8]] = []
    var queue = RingQueue<PendingRequest>()
}
