import Foundation
import Glibc

/// Moves the journal thread between idle and normal scheduling priority.
///
/// At idle priority (`SCHED_IDLE`) the thread runs only on CPU time nothing else wants, so its writes never
/// delay a call in flight. A thread can always lower itself, but leaving idle priority again takes `CAP_SYS_NICE`
/// or an `RLIMIT_NICE` of at least 20: without either (a default container, an ordinary user) a starved journal
/// thread could never be helped, so the journal then stays at normal priority.
enum JournalThreadPriority {
    /// `SCHED_IDLE`, which Glibc's module leaves out (it is behind `_GNU_SOURCE`).
    static let idlePolicy: Int32 = 5
    static let normalPolicy = SCHED_OTHER

    /// Whether this process may move a thread from idle back to normal priority.
    static let canLeaveIdle: Bool = {
        var limit = rlimit()
        // Normal priority is nice 0, which the kernel allows when the limit is at least 20 - 0.
        if getrlimit(__rlimit_resource_t(rlimitNice), &limit) == 0, limit.rlim_cur >= 20 { return true }
        return effectiveCapabilities().map { $0 & (1 << capSysNice) != 0 } ?? false
    }()

    /// Sets the thread's policy; false when the kernel refused.
    @discardableResult
    static func set(_ policy: Int32, thread: pthread_t) -> Bool {
        var parameters = sched_param(sched_priority: 0)
        return pthread_setschedparam(thread, policy, &parameters) == 0
    }

    /// The thread's policy, or -1 when it cannot be read.
    static func policy(of thread: pthread_t) -> Int32 {
        var policy: Int32 = -1
        var parameters = sched_param()
        return pthread_getschedparam(thread, &policy, &parameters) == 0 ? policy : -1
    }

    /// `RLIMIT_NICE` and `CAP_SYS_NICE`, which Glibc's module does not name.
    private static let rlimitNice: UInt32 = 13
    private static let capSysNice: UInt64 = 23

    /// The `CapEff` mask of /proc/self/status.
    private static func effectiveCapabilities() -> UInt64? {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
        for line in status.split(separator: "\n") where line.hasPrefix("CapEff:") {
            return UInt64(line.dropFirst("CapEff:".count).trimmingCharacters(in: .whitespaces), radix: 16)
        }
        return nil
    }
}
