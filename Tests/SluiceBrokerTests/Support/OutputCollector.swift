import Foundation

/// Output bytes gathered by reader threads.
final class OutputCollector: @unchecked Sendable {
    private let lock = NSLock()
    private var parts: [Int: Data] = [:]

    func store(_ data: Data, at index: Int) {
        lock.withLock { parts[index] = data }
    }

    func text(at index: Int) -> String {
        lock.withLock { String(decoding: parts[index] ?? Data(), as: UTF8.self) }
    }
}
