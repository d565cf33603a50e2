/// One service name: the workers that registered it and the requests waiting for one of them.
struct ServiceRecord {
    /// Requests answered faster than this on average, worker hand-over included, are quick: a burst of them goes
    /// to one worker. A worker's wake-up costs more than a quick request itself, while a slow request is worth
    /// spreading for the parallelism.
    static let quickTurnaround: Duration = .milliseconds(1)

    /// In the order they registered.
    var workers: [WorkerRecord] = []
    var queue = RingQueue<PendingRequest>()
    /// Moving average from dispatch to reply, in nanoseconds; unknown (so treated as slow) until the first reply.
    private var averageTurnaroundNanoseconds = Int64.max

    var isQuick: Bool { averageTurnaroundNanoseconds < Self.quickTurnaround.nanosecondsValue }

    /// How many of the waiting requests the worker chosen next takes: all it has room for when the service is
    /// quick, otherwise one, so the next request goes to the next least recently used worker.
    func share(freeSlots: Int) -> Int {
        isQuick ? min(freeSlots, queue.count) : min(1, queue.count)
    }

    mutating func recordTurnaround(_ elapsed: Duration) {
        let sample = elapsed.nanosecondsValue
        let average = averageTurnaroundNanoseconds
        averageTurnaroundNanoseconds = average == .max ? sample : average + (sample - average) / 8
    }
}
