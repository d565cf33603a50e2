import Glibc
import Synchronization

/// Lets the worker's socket thread run a handler itself, so a request that needs no waiting is answered without
/// waking a thread of Swift's pool: jobs enqueued on the socket thread wait there for `runQueued()`, and a task
/// resumed from any other thread (after awaiting an actor, a timer or a call) goes on in Swift's pool.
final class SocketThreadExecutor: TaskExecutor, Sendable {
    private let socketThread = Atomic<UInt>(0)
    private let queued = Mutex<[UnownedJob]>([])

    /// Called once by the socket thread before it starts handlers here.
    func adoptCurrentThread() {
        socketThread.store(UInt(pthread_self()), ordering: .releasing)
    }

    var isOnSocketThread: Bool { socketThread.load(ordering: .acquiring) == UInt(pthread_self()) }

    func enqueue(_ job: consuming ExecutorJob) {
        guard isOnSocketThread else {
            globalConcurrentExecutor.enqueue(job)
            return
        }
        let unowned = UnownedJob(job)
        queued.withLock { $0.append(unowned) }
    }

    /// Runs the jobs queued so far on the socket thread; jobs they queue wait for the next call, so the thread
    /// gets back to its socket and timers between rounds.
    func runQueued() {
        let jobs = queued.withLock { queued -> [UnownedJob] in
            defer { queued.removeAll(keepingCapacity: true) }
            return queued
        }
        for job in jobs { job.runSynchronously(on: asUnownedTaskExecutor()) }
    }

    var hasQueued: Bool { queued.withLock { !$0.isEmpty } }

    /// Runs everything still queued, for a socket thread about to end: a job left here would never run.
    func runAll() {
        while hasQueued { runQueued() }
        socketThread.store(0, ordering: .releasing)
    }
}
