import Dispatch
import Foundation

/// Turns SIGTERM and SIGINT into something async code can await, instead of the default of dying mid-write.
///
/// Create one per process, early in `main`; the signals are ignored by the default handler from then on.
public final class ShutdownSignal: @unchecked Sendable {
    // @unchecked: the sources are created in init and never change; the continuation list is guarded by `lock`.
    private let sources: [any DispatchSourceSignal]
    private let lock = NSLock()
    private var received: Int32?
    private var waiters: [CheckedContinuation<Int32, Never>] = []

    public init(signals: [Int32] = [SIGTERM, SIGINT], queue: DispatchQueue = DispatchQueue(label: "veles.signals")) {
        var sources: [any DispatchSourceSignal] = []
        for number in signals {
            signal(number, SIG_IGN)
            sources.append(DispatchSource.makeSignalSource(signal: number, queue: queue))
        }
        self.sources = sources
        for (source, number) in zip(sources, signals) {
            source.setEventHandler { [weak self] in self?.deliver(number) }
            source.resume()
        }
    }

    deinit {
        for source in sources { source.cancel() }
    }

    /// The signal that arrived first, once one has.
    public var signalReceived: Int32? {
        lock.withLock { received }
    }

    /// Suspends until SIGTERM or SIGINT arrives (returns at once if one already has) and returns its number.
    public func wait() async -> Int32 {
        await withCheckedContinuation { continuation in
            let already: Int32? = lock.withLock {
                if let received { return received }
                waiters.append(continuation)
                return nil
            }
            if let already { continuation.resume(returning: already) }
        }
    }

    /// Delivers a shutdown as if the signal had arrived; used by tests and by a service that decides to stop.
    public func trigger(_ number: Int32 = SIGTERM) {
        deliver(number)
    }

    private func deliver(_ number: Int32) {
        let toWake: [CheckedContinuation<Int32, Never>] = lock.withLock {
            if received == nil { received = number }
            let woken = waiters
            waiters.removeAll()
            return woken
        }
        for waiter in toWake { waiter.resume(returning: number) }
    }
}
