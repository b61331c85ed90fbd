import Foundation

/// One lane of a laned operator: a dedicated OS thread running the work given to it one item at a time, in the
/// order it was given.
///
/// A real thread, not a task on Swift's cooperative pool, because lanes exist for steps that block (a lookup in
/// another service): blocking the cooperative pool's few threads would stall every other async task of the process.
/// The thread starts with the first item and ends after ``close()`` once its queue is empty.
final class Lane: @unchecked Sendable {
    private let condition = NSCondition()
    // Guarded by `condition`.
    private var queue: [@Sendable () -> Void] = []
    private var head = 0
    private var closed = false
    private var started = false
    private let name: String

    /// - Parameter name: The thread's name, as `ps -L` and debuggers show it.
    init(name: String) {
        self.name = name
    }

    /// Queues one item behind the ones already given.
    func submit(_ work: @escaping @Sendable () -> Void) {
        condition.lock()
        defer { condition.unlock() }
        precondition(!closed, "work submitted to a closed lane")
        queue.append(work)
        if !started {
            started = true
            let thread = Thread { [self] in run() }
            thread.name = name
            thread.start()
        }
        condition.signal()
    }

    /// Lets the thread end once it has run what is queued; work already queued still runs.
    func close() {
        condition.lock()
        closed = true
        condition.signal()
        condition.unlock()
    }

    private func run() {
        while let work = next() {
            work()
        }
    }

    private func next() -> (@Sendable () -> Void)? {
        condition.lock()
        defer { condition.unlock() }
        while head == queue.count && !closed {
            condition.wait()
        }
        guard head < queue.count else { return nil }
        let work = queue[head]
        head += 1
        if head == queue.count {
            queue.removeAll(keepingCapacity: true)
            head = 0
        }
        return work
    }
}
