import Synchronization

/// The task serving a request, so the worker loop can cancel it at the request's deadline.
///
/// The slot exists before its task does (the loop may hit the deadline first); a cancel that comes before the
/// task is set cancels it as soon as it is.
final class HandlerSlot: Sendable {
    private let state = Mutex<(task: Task<Void, Never>?, cancelled: Bool)>((nil, false))

    func set(_ task: Task<Void, Never>) {
        let cancelled = state.withLock { state -> Bool in
            state.task = task
            return state.cancelled
        }
        if cancelled { task.cancel() }
    }

    func cancel() {
        let task = state.withLock { state -> Task<Void, Never>? in
            state.cancelled = true
            return state.task
        }
        task?.cancel()
    }
}
