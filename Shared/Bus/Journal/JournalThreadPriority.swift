import Foundation
import Glibc
import Synchronization

/// Moves the journal thread between idle and normal scheduling priority.
///
/// At idle priority (`SCHED_IDLE`) the thread runs only on CPU time nothing else wants, so its writes never
/// delay a call in flight. A thread can always lower itself, but leaving idle priority again takes `CAP_SYS_NICE`
/// (in the first user namespace) or an `RLIMIT_NICE` of at least 20: without either (a default or rootless
/// container, an ordinary user) a starved journal thread could never be helped, so it then stays at normal priority.
///
/// Policies are set with `sched_setscheduler` on the thread's kernel id, not `pthread_setschedparam`: glibc's call
/// holds a lock of the target thread across the system call, so lifting a thread that was lowering itself would
/// wait for that starved thread.
enum JournalThreadPriority {
    /// `SCHED_IDLE`, which Glibc's module leaves out (it is behind `_GNU_SOURCE`).
    static let idlePolicy: Int32 = 5
    static let normalPolicy = SCHED_OTHER

    /// Whether a thread of this process that lowers itself to idle priority may come back, found by trying it on a
    /// thread of its own (reading capabilities would be wrong inside a user namespace).
    static let canLeaveIdle: Bool = {
        let answered = DispatchSemaphore(value: 0)
        let result = Atomic<Bool>(false)
        Thread.detachNewThread {
            let id = currentThreadId()
            result.store(set(idlePolicy, thread: id) && set(normalPolicy, thread: id), ordering: .releasing)
            answered.signal()
        }
        // A thread starved at idle priority before it could come back counts as a no.
        guard answered.wait(timeout: .now() + 2) == .success else { return false }
        return result.load(ordering: .acquiring)
    }()

    /// The calling thread's kernel id (`gettid`, which Glibc's module leaves out), read from /proc/thread-self.
    static func currentThreadId() -> Int32 {
        var target = [CChar](repeating: 0, count: 64)
        let length = readlink("/proc/thread-self", &target, target.count - 1)
        guard length > 0 else { return 0 }
        let path = String(decoding: target[..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return path.split(separator: "/").last.flatMap { Int32($0) } ?? 0
    }

    /// Sets the thread's policy; false (with `errno` set) when the kernel refused.
    @discardableResult
    static func set(_ policy: Int32, thread: Int32) -> Bool {
        guard thread > 0 else { return false }
        var parameters = sched_param(sched_priority: 0)
        return sched_setscheduler(thread, policy, &parameters) == 0
    }

    /// The thread's policy, or -1 when it cannot be read.
    static func policy(of thread: Int32) -> Int32 {
        thread > 0 ? sched_getscheduler(thread) : -1
    }
}
